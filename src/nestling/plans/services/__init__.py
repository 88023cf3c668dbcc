"""Every way the care plan changes, one module per part: the plan and its reviews (plan.py), its goals and
their progress (goals.py), and the organization's own service types (service_types.py). Writes only;
reads are in `plans.selectors`."""
