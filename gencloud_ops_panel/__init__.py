"""Admin > Operations: GPU flavors, Swift rings and alert state for cloud operators."""
