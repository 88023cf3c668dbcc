import importlib
import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
application = get_wsgi_application()

# rcpchgrowth and its reference tables take seconds to load (about 6 s cold on a 2-core machine): load them
# while the server starts, not on the first growth page a practitioner opens. A request that needs them
# sooner waits on the same import rather than starting a second one.
threading.Thread(target=importlib.import_module, args=("nestling.growth.calc",), daemon=True).start()
