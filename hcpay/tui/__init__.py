"""The parts of the Textual app, one job a file; ``hcpay.app`` puts them together.

sections (modes and the way back), portal_link (the connection), remember_me (the kept login),
session_clock (idle and absolute limits), inbox_poller (the sandbox inbox), key_queue (keys typed
ahead), cursor (where the terminal cursor stands), quitting (asking before typed work is lost).
Screens never import these nor the App: they ask for ``screens.services.AppServices``."""
