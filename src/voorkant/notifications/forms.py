from django import forms


class BroadcastForm(forms.Form):
    text = forms.CharField(
        label="Mededeling",
        max_length=200,
        help_text="Kort en duidelijk, bijvoorbeeld: 'Storing in de telefonie, werk met terugbelverzoeken.'",
        error_messages={"required": "Vul een mededeling in.", "max_length": "Gebruik hoogstens 200 tekens."},
        widget=forms.TextInput(attrs={"class": "utrecht-textbox", "autocomplete": "off"}),
    )
