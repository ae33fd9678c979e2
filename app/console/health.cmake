# The Stack health and Latency panels need no sources of their own here: ConsoleController
# publishes each tick's snapshot and the stack's components (and serves the console's API),
# ConsoleWiring feeds the panels' models, MainWindow adds the tabs (Ctrl+Shift+H, Ctrl+Shift+L).
