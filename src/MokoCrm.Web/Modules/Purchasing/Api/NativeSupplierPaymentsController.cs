using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Purchasing.Api;

public sealed record SupplierPaymentShareResource(long InvoiceId, decimal Amount);

/// <summary>A payment to a supplier; a cancelled one names its reversing payment (negative, same shares negated).</summary>
public sealed record SupplierPaymentResource(
    long Id, string Number, long SupplierId, DateOnly Date, decimal Amount, long BankAccountId, long? PaymentMethodId, string? Reference,
    long? ReversesPaymentId, long? ReversedByPaymentId, DateTimeOffset CreatedAt, IReadOnlyList<SupplierPaymentShareResource> Shares);

public sealed class SupplierPaymentShareInput
{
    public long InvoiceId { get; set; }

    public decimal? Amount { get; set; }
}

/// <summary>A payment to a supplier: the amount paid on each of their open invoices (overpayment refused), from a bank account.</summary>
public sealed class SupplierPaymentInput
{
    public long? SupplierId { get; set; }

    /// <summary>Today when left out.</summary>
    public DateOnly? Date { get; set; }

    public long? BankAccountId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? Reference { get; set; }

    public List<SupplierPaymentShareInput>? Shares { get; set; }
}

/// <summary>/api/v1/supplier-payments: the supplier payment screens' handler (allocation, bank line, posting), rights and visibility.</summary>
[Route(Root + "/supplier-payments")]
[Tags("Supplier payments")]
[RecordResource(Modules.Purchasing.Public.PurchasingRecordTypes.SupplierPayment)]
public sealed class NativeSupplierPaymentsController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    SupplierPaymentAdministration administration,
    IValidator<SupplierPaymentForm> validator) : NativeApiController
{
    /// <summary>?sort= date, number, amount, with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<SupplierPayment> Sorts = new NativeSorts<SupplierPayment>().By("date", p => p.Date).By("number", p => p.Number).By("amount", p => p.Amount);

    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Payments.Read)]
    [ProducesResponseType<NativePage<SupplierPaymentResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? supplierId, long? invoiceId, DateOnly? from, DateOnly? to)
    {
        var rows = await VisibleAsync();
        rows = supplierId is { } supplier ? rows.Where(p => p.SupplierId == supplier) : rows;
        rows = invoiceId is { } invoice ? rows.Where(p => p.Shares.Any(s => s.InvoiceId == invoice)) : rows;
        rows = from is { } start ? rows.Where(p => p.Date >= start) : rows;
        rows = to is { } end ? rows.Where(p => p.Date <= end) : rows;
        return Answer(await list.PageAsync(rows.Include(p => p.Shares), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Payments.Read)]
    [ProducesResponseType<SupplierPaymentResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    [HttpPost("")]
    [HasPermission(PurchasingPermissions.Payments.Write)]
    [Idempotent]
    [ApiBody<SupplierPaymentInput>]
    [ProducesResponseType<SupplierPaymentResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<SupplierPaymentInput>();
        var form = new SupplierPaymentForm
        {
            SupplierId = input.SupplierId, Date = input.Date ?? DateOnly.FromDateTime(DateTime.UtcNow), BankAccountId = input.BankAccountId,
            PaymentMethodId = input.PaymentMethodId, Reference = input.Reference,
            Shares = (input.Shares ?? []).Select(s => new SupplierPaymentShareForm { InvoiceId = s.InvoiceId, Amount = s.Amount }).ToList(),
        };
        await validator.CheckNativeAsync(form, Aborted);
        var id = await administration.PayAsync(form, Aborted);
        return Created(Show(await FindAsync(id)), $"/{Root}/supplier-payments/{id}");
    }

    /// <summary>Cancels the payment by a reversing one (the invoices are unpaid again); answers the cancelled payment.</summary>
    [HttpPost("{id:long}/cancel")]
    [HasPermission(PurchasingPermissions.Payments.Write)]
    [ProducesResponseType<SupplierPaymentResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Cancel(long id)
    {
        await administration.CancelAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    private async Task<IQueryable<SupplierPayment>> VisibleAsync() =>
        db.Set<SupplierPayment>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), p => p.SupplierId);

    private async Task<SupplierPayment> FindAsync(long id) =>
        await (await VisibleAsync()).Include(p => p.Shares).SingleOrDefaultAsync(p => p.Id == id, Aborted) ?? throw ApiException.NotFound("Supplier payment not found.");

    private async Task<IActionResult> AnswerAsync(long id) => Answer(Show(await FindAsync(id)));

    internal static SupplierPaymentResource Show(SupplierPayment p) => new(
        p.Id, p.Number, p.SupplierId, p.Date, p.Amount, p.BankAccountId, p.PaymentMethodId, p.PaymentReference, p.ReversesPaymentId, p.ReversedByPaymentId,
        p.CreatedAt, p.Shares.Select(s => new SupplierPaymentShareResource(s.InvoiceId, s.Amount)).ToList());
}
