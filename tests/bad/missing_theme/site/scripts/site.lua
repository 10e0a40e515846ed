-- a theme that does not exist
return { title = "坏输入", theme = "nosuch" }
