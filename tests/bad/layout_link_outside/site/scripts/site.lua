-- a template is a link to a file outside the site
return { theme = "t", baseurl = "https://example.org/" }
