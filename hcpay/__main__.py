from hcpay.cli import main

raise SystemExit(main())
