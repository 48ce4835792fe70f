from photorec.cli import main

raise SystemExit(main())
