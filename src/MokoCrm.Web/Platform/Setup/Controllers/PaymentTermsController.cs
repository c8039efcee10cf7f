using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Setup.Controllers;

/// <summary>/Setup/PaymentTerms: when invoices fall due (30 days, 30 days end of month...).</summary>
[Area("Setup")]
[Route("Setup/PaymentTerms")]
public sealed class PaymentTermsController(SetupQueries queries, SetupAdministration setup, IValidator<PaymentTermForm> validator, AppDbContext db)
    : ReferenceDataController<PaymentTerm, PaymentTermForm, PaymentTermRow>(db, validator)
{
    protected override string BaseUrl => "/Setup/PaymentTerms";

    protected override string Title => "Payment terms";

    protected override string NewLabel => "New payment term";

    protected override ListDefinition<PaymentTermRow> List => SetupQueries.PaymentTermList;

    protected override IQueryable<PaymentTermRow> Rows() => queries.PaymentTerms();

    protected override PaymentTermForm ToForm(PaymentTerm e) =>
        new() { Code = e.Code, Label = e.Label, Days = e.Days, EndOfMonth = e.EndOfMonth, SortOrder = e.SortOrder, Active = e.Active };

    protected override async Task<string> SaveAsync(long? id, PaymentTermForm form, CancellationToken cancellationToken)
    {
        await setup.SavePaymentTermAsync(id, form, cancellationToken);
        return $"Payment term {form.Code} saved.";
    }
}
