-- {% block %} without a name
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
