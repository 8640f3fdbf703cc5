from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    """Each role lands on its dashboard here."""
    return render(request, "home.html")
