"""Official bulletins in GB/T 9704-2012 format."""
