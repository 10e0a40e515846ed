-- a folder of content/ holds a link to the folder above it: a loop
return { theme = "t", baseurl = "https://example.org/" }
