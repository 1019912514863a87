"""Factories for the honours app's own tests."""

import factory

from honors.models import HonorCategory, HonorRollEntry
from tests.factories import OrganisationFactory


class HonorCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HonorCategory
        django_get_or_create = ("name",)

    name = "敬业"


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HonorRollEntry

    organisation = factory.SubFactory(OrganisationFactory)
    person_name = factory.Sequence(lambda n: f"好人{n}")
    category = factory.SubFactory(HonorCategoryFactory)
    period = "2025年度"
    deed = "爱岗敬业，服务群众。"
    consent_to_publish = True
    status = HonorRollEntry.Status.APPROVED
