"""Who may see and change honours in the admin: every row stops at the user's subtree.

Nominations and awards are edited in scope; certificates and batches are only
read there (the services number, render and revoke them). The admin views,
the workbench and the hooks all ask these same policies.
"""

from honors.models import Award, Certificate, CertificateBatch, HonorRollEntry
from portal.permissions import OrganisationScopedPermissionPolicy, ViewOnlyScopedPermissionPolicy

entry_policy = OrganisationScopedPermissionPolicy(HonorRollEntry, organisation_path="organisation")
award_policy = OrganisationScopedPermissionPolicy(Award, organisation_path="unit")
# Certificates are numbered, rendered and revoked by the services; the admin only reads them.
certificate_policy = ViewOnlyScopedPermissionPolicy(Certificate, organisation_path="issuer")
# Batches are made only by the batch service (honors_admin:new_batch), which sets their
# status, counters and zip; their rows are never added, edited or copied as snippets.
batch_policy = ViewOnlyScopedPermissionPolicy(CertificateBatch, organisation_path="organisation")
