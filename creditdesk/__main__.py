from creditdesk.cli import main

raise SystemExit(main())
