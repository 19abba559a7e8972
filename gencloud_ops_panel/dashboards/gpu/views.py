from django.utils.translation import gettext_lazy as _
from horizon import views


class IndexView(views.HorizonTemplateView):
    template_name = 'gencloud_ops_panel/gpu/index.html'
    page_title = _('GPU')
