-- site.lua that does not return a table
title = "坏输入"
theme = "b"
