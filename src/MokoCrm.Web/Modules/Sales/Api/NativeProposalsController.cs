using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Api;

public sealed record ProposalResource(
    long Id, string Reference, ProposalStatus Status, long ThirdPartyId, DateOnly Date, int ValidityDays, DateOnly ValidUntil,
    long? PaymentTermId, long? PaymentMethodId, decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax,
    DateTimeOffset CreatedAt, DateTimeOffset? ValidatedAt, DateTimeOffset? ClosedAt, IReadOnlyList<LineResource> Lines);

/// <summary>A proposal to create (with its lines), or the header fields of a draft to change (the others are kept).</summary>
public sealed class ProposalInput : ILinedDocumentInput
{
    public long? ThirdPartyId { get; set; }

    public DateOnly? Date { get; set; }

    public int? ValidityDays { get; set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public string? PublicNote { get; set; }

    public string? PrivateNote { get; set; }

    public List<LineInput>? Lines { get; set; }
}

/// <summary>/api/v1/proposals: the proposal screens' handlers, validators, rights and visibility.</summary>
[Route(Root + "/proposals")]
[Tags("Proposals")]
[RecordResource(Modules.Sales.Public.SalesRecordTypes.Proposal)]
public sealed class NativeProposalsController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    Queries.SalesQueries queries,
    ProposalAdministration administration,
    OrderAdministration orders,
    InvoiceAdministration invoices,
    IValidator<ProposalForm> validator,
    IValidator<LineForm> lineValidator) : NativeLinedDocumentController<ProposalLine>
{
    private static readonly NativeSorts<Proposal> Sorts = NativeSalesSorts.Of<Proposal, ProposalLine>();

    protected override string Resource => "proposals";

    protected override string Noun => "Proposal";

    [HttpGet("")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    [ProducesResponseType<NativePage<ProposalResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, long? thirdPartyId, string? status)
    {
        var rows = await VisibleAsync();
        rows = thirdPartyId is { } party ? rows.Where(p => p.ThirdPartyId == party) : rows;
        rows = NativeQuery.Enum<ProposalStatus>(status, nameof(status)) is { } s ? rows.Where(p => p.Status == s) : rows;
        return Answer(await list.PageAsync(rows.Include(p => p.Lines).AsSplitQuery(), Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Proposals.Read)]
    [ProducesResponseType<ProposalResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    /// <summary>A draft proposal, with its lines if sent, in one transaction.</summary>
    [HttpPost("")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    [Idempotent]
    [ApiBody<ProposalInput>]
    [ProducesResponseType<ProposalResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<ProposalInput>();
        var form = new ProposalForm { Date = DateOnly.FromDateTime(DateTime.UtcNow) };
        Apply(input, form);
        await validator.CheckNativeAsync(form, Aborted);
        var lines = await NativeLines.FormsAsync(input.Lines, lineValidator, Aborted);
        var id = await InTransactionAsync(async () =>
        {
            var id = await administration.CreateAsync(form, Aborted);
            foreach (var line in lines)
            {
                await administration.AddLineAsync(id, line, Aborted);
            }

            return id;
        });
        return Created(Show(await FindAsync(id)), $"/{Root}/proposals/{id}");
    }

    /// <summary>Changes the header fields sent of a draft (customer, date, validity, terms, notes), as the edit screen; 409 once validated.</summary>
    [HttpPatch("{id:long}")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    [ApiBody<ProposalInput>]
    [ProducesResponseType<ProposalResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Update(long id)
    {
        await PatchHeaderAsync<ProposalInput, ProposalForm>(await queries.ProposalFormAsync(id, Aborted), Apply, (form, ct) => administration.UpdateAsync(id, form, ct));
        return await AnswerAsync(id);
    }

    /// <summary>Adds a line; answers the line (read the proposal for its new totals).</summary>
    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status201Created)]
    public Task<IActionResult> AddLine(long id) => AddLineAsync(id, (form, ct) => administration.AddLineAsync(id, form, ct));

    [HttpPatch("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    [ApiBody<LineInput>]
    [ProducesResponseType<LineResource>(StatusCodes.Status200OK)]
    public Task<IActionResult> ChangeLine(long id, long lineId) => ChangeLineAsync(id, lineId, (form, ct) => administration.ChangeLineAsync(id, lineId, form, ct));

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Proposals.Write)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public Task<IActionResult> RemoveLine(long id, long lineId) => RemoveLineAsync(id, lineId, ct => administration.RemoveLineAsync(id, lineId, ct));

    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Proposals.Validate)]
    [ProducesResponseType<ProposalResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Validate(long id)
    {
        await administration.ValidateAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/sign")]
    [HasPermission(SalesPermissions.Proposals.Close)]
    [ApiBody<NoteInput>(Optional = true)]
    [ProducesResponseType<ProposalResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Sign(long id)
    {
        await administration.SignAsync(id, (await BodyAsync<NoteInput>(optional: true)).Note, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/refuse")]
    [HasPermission(SalesPermissions.Proposals.Close)]
    [ApiBody<NoteInput>(Optional = true)]
    [ProducesResponseType<ProposalResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Refuse(long id)
    {
        await administration.RefuseAsync(id, (await BodyAsync<NoteInput>(optional: true)).Note, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/cancel")]
    [HasPermission(SalesPermissions.Proposals.Close)]
    [ProducesResponseType<ProposalResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Cancel(long id)
    {
        await administration.CancelAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>"Create order" on a signed proposal: answers the draft order.</summary>
    [HttpPost("{id:long}/create-order")]
    [HasPermission(SalesPermissions.Orders.Write)]
    [Idempotent]
    [ProducesResponseType<OrderResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateOrder(long id)
    {
        var orderId = await orders.CreateFromProposalAsync(id, Aborted);
        var order = await db.Set<SalesOrder>().AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == orderId, Aborted);
        return Created(NativeOrdersController.Show(order), $"/{Root}/orders/{orderId}");
    }

    /// <summary>"Create invoice" on a signed proposal: answers the draft invoice.</summary>
    [HttpPost("{id:long}/create-invoice")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [Idempotent]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateInvoice(long id)
    {
        var invoiceId = await invoices.CreateFromProposalAsync(id, Aborted);
        var invoice = await db.Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId, Aborted);
        return Created(NativeInvoicesController.Show(invoice), $"/{Root}/invoices/{invoiceId}");
    }

    /// <summary>
    /// "Deposit invoice" on a validated or signed proposal: a draft deposit invoice of <c>percent</c> of its tax base per VAT
    /// rate, or of <c>amount</c> excl. tax at its main rate (DOMAIN.md), by the screen's handler; answers the invoice.
    /// </summary>
    [HttpPost("{id:long}/deposit")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [Idempotent]
    [ApiBody<DepositForm>]
    [ProducesResponseType<InvoiceResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Deposit(long id)
    {
        var form = await BodyAsync<DepositForm>();
        var invoiceId = await invoices.CreateDepositAsync(Modules.Sales.Public.SalesRecordTypes.Proposal, id, form, Aborted);
        var invoice = await db.Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId, Aborted);
        return Created(NativeInvoicesController.Show(invoice), $"/{Root}/invoices/{invoiceId}");
    }

    [HttpDelete("{id:long}")]
    [HasPermission(SalesPermissions.Proposals.Delete)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return NoContent();
    }

    protected override async Task<bool> IsVisibleAsync(long id) => await (await VisibleAsync()).AnyAsync(p => p.Id == id, Aborted);

    private async Task<IQueryable<Proposal>> VisibleAsync() =>
        db.Set<Proposal>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), p => p.ThirdPartyId);

    private async Task<Proposal> FindAsync(long id) =>
        await (await VisibleAsync()).Include(p => p.Lines).SingleOrDefaultAsync(p => p.Id == id, Aborted) ?? throw ApiException.NotFound("Proposal not found.");

    private async Task<IActionResult> AnswerAsync(long id) => Answer(Show(await FindAsync(id)));

    private static void Apply(ProposalInput input, ProposalForm form)
    {
        form.ThirdPartyId = input.ThirdPartyId ?? form.ThirdPartyId;
        form.Date = input.Date ?? form.Date;
        form.ValidityDays = input.ValidityDays ?? form.ValidityDays;
        form.PaymentTermId = input.PaymentTermId ?? form.PaymentTermId;
        form.PaymentMethodId = input.PaymentMethodId ?? form.PaymentMethodId;
        form.PublicNote = input.PublicNote ?? form.PublicNote;
        form.PrivateNote = input.PrivateNote ?? form.PrivateNote;
    }

    internal static ProposalResource Show(Proposal p) => new(
        p.Id, p.Reference, p.Status, p.ThirdPartyId, p.Date, p.ValidityDays, p.ValidUntil, p.PaymentTermId, p.PaymentMethodId,
        p.TotalExclTax, p.TotalVat, p.TotalInclTax, p.CreatedAt, p.ValidatedAt, p.ClosedAt, NativeLines.Lines(p));
}
