"""The authority's reply to a query from the CDO office about one of its answers.

The assessment is found within the user's own authority (404 for another's); a query
that is not this assessment's, or was never sent, is a 404 too; replying while the
assessment cannot be changed is a 403. The reply resolves nothing: the CDO office does.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import can_edit
from surveys.journey.selectors import assessment_for_user
from surveys.models import ReviewQuery
from surveys.review.forms import ReplyForm
from surveys.review.services.queries import QueryRefused, review_query_reply


@login_required
@require_http_methods(["GET", "POST"])
def query_reply(request, reference, query_id):
    """GET: the query, the answer's question and the reply form; POST: save the reply."""
    assessment = assessment_for_user(user=request.user, reference=reference)
    query = get_object_or_404(
        ReviewQuery.objects.select_related("question__area"),
        pk=query_id,
        assessment=assessment,
        sent_at__isnull=False,
    )
    if not can_edit(user=request.user, assessment=assessment):
        raise PermissionDenied
    form = ReplyForm(
        request.POST or None, initial={"comment": query.reply} if query.reply else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_query_reply(
                query=query, text=form.cleaned_data["comment"], actor=request.user, request=request
            )
        except QueryRefused as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("comment", error)
        else:
            messages.success(request, "Your reply has been saved")
            return redirect("surveys:question", reference, query.question.code)
    status = 400 if form.errors else 200
    context = {"assessment": assessment, "query": query, "question": query.question, "form": form}
    return render(request, "surveys/journey/query_reply.html", context, status=status)
