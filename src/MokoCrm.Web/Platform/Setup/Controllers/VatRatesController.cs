using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Setup.Controllers;

/// <summary>/Setup/VatRates: the rates offered on document lines.</summary>
[Area("Setup")]
[Route("Setup/VatRates")]
public sealed class VatRatesController(SetupQueries queries, SetupAdministration setup, IValidator<VatRateForm> validator, AppDbContext db)
    : ReferenceDataController<VatRate, VatRateForm, VatRateRow>(db, validator)
{
    protected override string BaseUrl => "/Setup/VatRates";

    protected override string Title => "VAT rates";

    protected override string NewLabel => "New VAT rate";

    protected override ListDefinition<VatRateRow> List => SetupQueries.VatRateList;

    protected override IQueryable<VatRateRow> Rows() => queries.VatRates();

    protected override VatRateForm ToForm(VatRate e) => new() { Rate = e.Rate, Label = e.Label, IsDefault = e.IsDefault, Active = e.Active };

    protected override async Task<string> SaveAsync(long? id, VatRateForm form, CancellationToken cancellationToken)
    {
        await setup.SaveVatRateAsync(id, form, cancellationToken);
        return $"VAT rate {form.Rate:0.###} % saved.";
    }
}
