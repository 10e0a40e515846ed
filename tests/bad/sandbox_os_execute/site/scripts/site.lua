-- site.lua runs a program with os.execute
os.execute("id > /tmp/shouhu-pwned")
return {
  title = "坏输入",
  theme = "b",
}
