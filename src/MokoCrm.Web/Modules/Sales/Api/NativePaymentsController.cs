using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Api;

public sealed record PaymentShareResource(long InvoiceId, decimal Amount);

/// <summary>A customer payment; a cancelled one names its reversing payment (negative, same shares negated).</summary>
public sealed record PaymentResource(
    long Id, string Number, long ThirdPartyId, DateOnly Date, decimal Amount, long? PaymentMethodId, string? Reference, long BankAccountId,
    string? Note, long? ReversalOfId, long? ReversedById, DateTimeOffset CreatedAt, IReadOnlyList<PaymentShareResource> Shares);

public sealed class PaymentShareInput
{
    public long InvoiceId { get; set; }

    public decimal Amount { get; set; }
}

/// <summary>A payment of a customer: spread over their oldest unpaid invoices unless <c>shares</c> says which.</summary>
public sealed class PaymentInput
{
    public long? ThirdPartyId { get; set; }

    public DateOnly? Date { get; set; }

    public decimal? Amount { get; set; }

    public long? BankAccountId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? Reference { get; set; }

    public string? Note { get; set; }

    public List<PaymentShareInput>? Shares { get; set; }
}

/// <summary>/api/v1/payments: customer payments through the payment screens' handler (allocation, bank line, posting).</summary>
[Route(Root + "/payments")]
[Tags("Payments")]
[RecordResource(Modules.Sales.Public.BillingRecordTypes.Payment)]
public sealed class NativePaymentsController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    PaymentAdministration administration,
    IValidator<PaymentForm> validator) : NativeApiController
{
    /// <summary>?sort= date, number, amount, with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<CustomerPayment> Sorts = new NativeSorts<CustomerPayment>().By("date", p => p.Date).By("number", p => p.Number).By("amount", p => p.Amount);

    [HttpGet("")]
    [HasPermission(SalesPermissions.Payments.Read)]
    [ProducesResponseType<NativePage<PaymentResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? thirdPartyId, long? invoiceId)
    {
        var rows = await VisibleAsync();
        rows = thirdPartyId is { } party ? rows.Where(p => p.ThirdPartyId == party) : rows;
        rows = invoiceId is { } invoice ? rows.Where(p => p.Shares.Any(s => s.InvoiceId == invoice)) : rows;
        return Answer(await list.PageAsync(rows.Include(p => p.Shares), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Payments.Read)]
    [ProducesResponseType<PaymentResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    [HttpPost("")]
    [HasPermission(SalesPermissions.Payments.Write)]
    [Idempotent]
    [ApiBody<PaymentInput>]
    [ProducesResponseType<PaymentResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<PaymentInput>();
        var form = new PaymentForm
        {
            ThirdPartyId = input.ThirdPartyId, Date = input.Date ?? DateOnly.FromDateTime(DateTime.UtcNow), Amount = input.Amount,
            BankAccountId = input.BankAccountId, PaymentMethodId = input.PaymentMethodId, Reference = input.Reference, Note = input.Note,
            Shares = (input.Shares ?? []).GroupBy(s => s.InvoiceId).ToDictionary(g => g.Key, g => g.Sum(s => s.Amount)),
        };
        await validator.CheckNativeAsync(form, Aborted);
        var id = await administration.RecordAsync(form, Aborted);
        return Created(Show(await FindAsync(id)), $"/{Root}/payments/{id}");
    }

    /// <summary>Cancels the payment by a reversing one (the invoices are unpaid again); answers the cancelled payment.</summary>
    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Payments.Cancel)]
    [ProducesResponseType<PaymentResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Cancel(long id)
    {
        await administration.CancelAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    private async Task<IQueryable<CustomerPayment>> VisibleAsync() =>
        db.Set<CustomerPayment>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), p => p.ThirdPartyId);

    private async Task<CustomerPayment> FindAsync(long id) =>
        await (await VisibleAsync()).Include(p => p.Shares).SingleOrDefaultAsync(p => p.Id == id, Aborted) ?? throw ApiException.NotFound("Payment not found.");

    private async Task<IActionResult> AnswerAsync(long id) => Answer(Show(await FindAsync(id)));

    internal static PaymentResource Show(CustomerPayment p) => new(
        p.Id, p.Number, p.ThirdPartyId, p.Date, p.Amount, p.PaymentMethodId, p.Reference, p.BankAccountId, p.Note, p.ReversalOfId, p.ReversedById,
        p.CreatedAt, p.Shares.Select(s => new PaymentShareResource(s.InvoiceId, s.Amount)).ToList());
}
