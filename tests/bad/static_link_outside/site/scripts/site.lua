-- a static file is a link to a file outside the site (/etc/hostname)
return { theme = "t", baseurl = "https://example.org/" }
