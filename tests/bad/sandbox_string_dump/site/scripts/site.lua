-- a template reaches string.dump through the strings' metatable
return {
  title = "坏输入",
  theme = "b",
}
