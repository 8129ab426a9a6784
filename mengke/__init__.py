"""The thin shell: settings, event contracts, the bus, and the CLI that wires the components."""
