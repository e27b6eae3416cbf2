class ScoredLevelConverter:
    """county | town | village in URLs; anything else is a 404."""

    regex = "county|town|village"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
