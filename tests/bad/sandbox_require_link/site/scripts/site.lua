-- the build function requires a module whose file links outside scripts/
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    site.params.secret = require "secret"
  end,
}
