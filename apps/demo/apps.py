from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Zhanjiang demo (``load_demo``) and the generated household files.

    At the top of the import graph: it uses every app, no app uses it.
    """

    name = "apps.demo"
