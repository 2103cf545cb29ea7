"""The form the functional administrator uses for one service norm."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from voorkant.dashboard.norms import Norm


class NormForm(forms.Form):
    target_percentage = forms.DecimalField(
        label="Streefwaarde (%)", min_value=Decimal("0"), max_value=Decimal("100"), decimal_places=1
    )
    amber_margin = forms.DecimalField(
        label="Oranje tot (procentpunt naast de norm)",
        min_value=Decimal("0"),
        max_value=Decimal("50"),
        decimal_places=1,
    )
    threshold = forms.IntegerField(label="Grens", min_value=1, max_value=3600, required=False)

    def __init__(self, *args, norm: Norm, **kwargs):
        self.norm = norm
        initial = {
            "target_percentage": norm.target_percentage,
            "amber_margin": norm.amber_margin,
            "threshold": norm.threshold,
        }
        super().__init__(*args, initial=initial, **kwargs)
        if norm.threshold is None:
            del self.fields["threshold"]
        else:
            self.fields["threshold"].label = f"Grens ({norm.threshold_unit})"
            if norm.code == "doorverbindingen":
                # The rollups count questions with 1, 2, 3 and 4+ transfers, so the limit can be 1 to 3.
                self.fields["threshold"].max_value = 3
                self.fields["threshold"].validators[-1].limit_value = 3
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"

    def clean(self):
        data = super().clean()
        data.setdefault("threshold", None)
        return data
