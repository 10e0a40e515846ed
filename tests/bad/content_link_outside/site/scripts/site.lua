-- a file in content/ is a link to a folder outside the site
return { theme = "t", baseurl = "https://example.org/" }
