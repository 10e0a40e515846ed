-- the build function requires a module outside scripts/ by ..
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    require "../../ledger"
  end,
}
