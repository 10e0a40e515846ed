/*
 * kitmake: shouhu units kit, a field unit's kit made by the office: registers
 * the unit with a key pair made for the kit and writes the folder that
 * collector/bundle/kitconf.h lays out (keys, kit.json, the towns, blank
 * templates carrying the unit's code, the programs, the launcher and the
 * guide), to hand over on a USB stick.
 */
#ifndef SHOUHU_KITMAKE_H
#define SHOUHU_KITMAKE_H

/* The options of shouhu units kit. */
struct kitmake_opts {
	const char	*ledger;	/* the ledger file (--ledger) */
	const char	*office;	/* --office: the office's public key */
	const char	*office_name;	/* --office-name, NULL: 专项办 */
	const char	*deadline;	/* --deadline, NULL: 星期四 10:00 */
	const char	*forms;		/* --forms: ids split by commas, NULL:
					   every form */
	const char	*windows;	/* --windows: the Windows program, NULL:
					   looked for beside shouhu */
	const char	*out;		/* -o: the kit's folder */
	int		 replace;	/* --replace: a registered unit gets the
					   kit's new key (its old kit stops) */
};

/*
 * Makes the kit of the unit code called name as o says: every problem of
 * the command line or the input is found before anything is written; the
 * kit is written into a new folder beside o->out and renamed to it at the
 * end (o->out must not exist, or be an empty folder); then the unit is
 * registered with the kit's key.  A failure leaves no kit and the ledger
 * as it was.  Says on stdout what was made and what to do next; problems
 * on stderr ("path: message").  Returns the exit status: 0 done, 1 a
 * problem of the input, 2 of the command line.
 */
int	kitmake_run(const struct kitmake_opts *o, const char *code, const char *name);

#endif
