"""ARM access: cluster coordinates, SDK clients, raw reads, service errors → typed CLI errors."""
