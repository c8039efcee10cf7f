using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Setup.Controllers;

/// <summary>/Setup/PaymentMethods: how payments are made (transfer, card, cheque...).</summary>
[Area("Setup")]
[Route("Setup/PaymentMethods")]
public sealed class PaymentMethodsController(SetupQueries queries, SetupAdministration setup, IValidator<PaymentMethodForm> validator, AppDbContext db)
    : ReferenceDataController<PaymentMethod, PaymentMethodForm, PaymentMethodRow>(db, validator)
{
    protected override string BaseUrl => "/Setup/PaymentMethods";

    protected override string Title => "Payment methods";

    protected override string NewLabel => "New payment method";

    protected override ListDefinition<PaymentMethodRow> List => SetupQueries.PaymentMethodList;

    protected override IQueryable<PaymentMethodRow> Rows() => queries.PaymentMethods();

    protected override PaymentMethodForm ToForm(PaymentMethod e) => new() { Code = e.Code, Label = e.Label, Active = e.Active };

    protected override async Task<string> SaveAsync(long? id, PaymentMethodForm form, CancellationToken cancellationToken)
    {
        await setup.SavePaymentMethodAsync(id, form, cancellationToken);
        return $"Payment method {form.Label} saved.";
    }
}
