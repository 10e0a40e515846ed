/* version: the version both programs report and bundles record. */
#ifndef SHOUHU_VERSION_H
#define SHOUHU_VERSION_H

#define VERSION "0.1.0"

#endif
