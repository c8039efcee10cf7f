using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>A sales order as Dolibarr's API shows it (htdocs/commande/class/api_orders.class.php).</summary>
public sealed record DolOrder(
    long Id, string Ref, string? RefClient, long Socid, int Statut, int Status, int Billed, long Date, long DateCommande, long? DateLivraison,
    long? DeliveryDate, long DateCreation, long? DateValidation, string TotalHt, string TotalTva, string TotalTtc, long? CondReglementId,
    long? ModeReglementId, string? NotePublic, string? NotePrivate, long? FkUserAuthor, long? UserAuthorId, long? UserValidationId,
    long? FkProject, string Entity, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> LinkedObjectsIds, IReadOnlyList<DolLine> Lines);

public sealed class DolOrderInput
{
    public long? Socid { get; set; }

    public long? Date { get; set; }

    public long? DateCommande { get; set; }

    public long? DeliveryDate { get; set; }

    public long? DateLivraison { get; set; }

    public string? RefClient { get; set; }

    public long? CondReglementId { get; set; }

    public long? ModeReglementId { get; set; }

    public string? NotePublic { get; set; }

    public string? NotePrivate { get; set; }

    public long? FkProject { get; set; }

    public int? Entity { get; set; }

    public JsonElement? ArrayOptions { get; set; }

    public List<DolLineInput>? Lines { get; set; }
}

/// <summary>/api/index.php/orders: the order screens' handler and rights, in Dolibarr's shapes.</summary>
[Route(Root + "/orders")]
[DolibarrModulePart(Public.SalesRecordTypes.Order, "commande", "order")]
public sealed class DolibarrOrdersController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    OrderAdministration administration,
    IValidator<OrderForm> validator,
    IValidator<LineForm> lineValidator) : DolibarrApiController
{
    internal static readonly ApiFields<SalesOrder> Fields = new ApiFields<SalesOrder>()
        .Add("t.rowid", o => o.Id)
        .Add("t.ref", o => o.Number)
        .Add("t.ref_client", o => o.CustomerReference)
        .Add("t.fk_soc", o => o.ThirdPartyId)
        .Add("t.fk_statut", o => o.Status, DolSales.OrderStatusOf)
        .Add("t.facture", o => o.Billed)
        .Add("t.date_commande", o => o.Date)
        .Add("t.date_livraison", o => o.DeliveryDate)
        .Add("t.date_creation", o => o.CreatedAt)
        .Add("t.total_ht", o => o.TotalExclTax)
        .Add("t.total_ttc", o => o.TotalInclTax);

    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(OrderForm.ThirdPartyId)] = "socid", [nameof(OrderForm.Date)] = "date", [nameof(OrderForm.DeliveryDate)] = "delivery_date",
        [nameof(OrderForm.CustomerReference)] = "ref_client", [nameof(OrderForm.PublicNote)] = "note_public", [nameof(OrderForm.PrivateNote)] = "note_private",
    };

    [HttpGet("")]
    [HasPermission(SalesPermissions.Orders.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, string? thirdparty_ids)
    {
        var rows = DolibarrListRequest.OfThirdParties(await VisibleAsync(), thirdparty_ids, o => o.ThirdPartyId);

        return await ListAsync(list, rows, Fields, o => Show(o, RecordNotes.None), "order", q => q.Include(o => o.Lines).AsSplitQuery());
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Orders.Read)]
    public async Task<IActionResult> Get(long id) => await AnswerAsync(id);

    [HttpGet("{id:long}/lines")]
    [HasPermission(SalesPermissions.Orders.Read)]
    public async Task<IActionResult> Lines(long id) => Answer((await FindAsync(id)).OrderedLines.Select(DolLines.Line).ToList());

    [HttpPost("")]
    [HasPermission(SalesPermissions.Orders.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<DolOrderInput>();
        if (input.FkProject is > 0)
        {
            throw ApiException.BadRequest("fk_project: projects are not available yet; leave it out.");
        }

        var date = input.Date ?? input.DateCommande;
        var delivery = input.DeliveryDate ?? input.DateLivraison;
        var form = new OrderForm
        {
            ThirdPartyId = input.Socid, Date = date is { } d ? DolLines.Day(d) : DateOnly.FromDateTime(DateTime.UtcNow),
            DeliveryDate = delivery is { } l ? DolLines.Day(l) : null, CustomerReference = input.RefClient,
            PaymentTermId = input.CondReglementId, PaymentMethodId = input.ModeReglementId, PublicNote = input.NotePublic, PrivateNote = input.NotePrivate,
        };
        await validator.CheckAsync(form, Names, Aborted);
        var lines = new List<LineForm>();
        foreach (var line in input.Lines ?? [])
        {
            lines.Add(await DolLines.LineFormAsync(line, lineValidator, null, Aborted));
        }

        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(Aborted) : null;
        var id = await administration.CreateAsync(form, Aborted);
        foreach (var line in lines)
        {
            await administration.AddLineAsync(id, line, Aborted);
        }

        if (tx is not null)
        {
            await tx.CommitAsync(Aborted);
        }

        return Answer(id);
    }

    /// <summary>POST /orders/createfromproposal/{id}: "Create order" on a signed proposal; answers the draft order.</summary>
    [HttpPost("createfromproposal/{proposalId:long}")]
    [HasPermission(SalesPermissions.Orders.Write)]
    [Idempotent]
    public async Task<IActionResult> CreateFromProposal(long proposalId)
    {
        var id = await administration.CreateFromProposalAsync(proposalId, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/line")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> AddLine(long id)
    {
        var form = await DolLines.LineFormAsync(await BodyAsync<DolLineInput>(), lineValidator, null, Aborted);
        return Answer(await administration.AddLineAsync(id, form, Aborted));
    }

    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> AddLines(long id)
    {
        var inputs = await BodyListAsync<DolLineInput>();
        if (inputs.Count is 0 or > 500)
        {
            throw ApiException.BadRequest("Send between 1 and 500 lines.");
        }

        var forms = new List<LineForm>();
        foreach (var input in inputs)
        {
            forms.Add(await DolLines.LineFormAsync(input, lineValidator, null, Aborted));
        }

        await using var tx = await db.Database.BeginTransactionAsync(Aborted);
        var ids = new List<long>();
        foreach (var form in forms)
        {
            ids.Add(await administration.AddLineAsync(id, form, Aborted));
        }

        await tx.CommitAsync(Aborted);
        return Answer(ids);
    }

    [HttpPut("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> ChangeLine(long id, long lineId)
    {
        var order = await FindAsync(id);
        var line = order.Lines.SingleOrDefault(l => l.Id == lineId) ?? throw ApiException.NotFound("Order line not found");
        var form = await DolLines.LineFormAsync(await BodyAsync<DolLineInput>(), lineValidator, DolLines.FormOf(line), Aborted);
        await administration.ChangeLineAsync(id, lineId, form, Aborted);
        return await AnswerAsync(id);
    }

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Orders.Write)]
    public async Task<IActionResult> DeleteLine(long id, long lineId)
    {
        var document = await FindAsync(id);
        if (!document.Lines.Any(l => l.Id == lineId))
        {
            throw ApiException.NotFound("Order line not found");
        }

        await DolLines.RemoveLineAsync(document.Status == SalesOrderStatus.Draft, () => administration.RemoveLineAsync(id, lineId, Aborted));
        return await AnswerAsync(id);
    }

    /// <summary>POST {id}/validate {idwarehouse, notrigger}: stock moves with shipments here (DOMAIN.md §5), so idwarehouse is not used.</summary>
    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Orders.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        await BodyAsync<DolTriggerInput>(optional: true);
        await administration.ValidateAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>
    /// Dolibarr's "close" marks an order delivered by hand. Here an order is delivered when its shipments are
    /// (DOMAIN.md §3): an order already delivered answers as it is, any other is refused with the reason.
    /// </summary>
    [HttpPost("{id:long}/close")]
    [HasPermission(SalesPermissions.Orders.Close)]
    public async Task<IActionResult> Close(long id)
    {
        await BodyAsync<DolTriggerInput>(optional: true);
        var order = await FindAsync(id);
        if (order.Status == SalesOrderStatus.Delivered)
        {
            return await AnswerAsync(id);
        }

        throw ApiException.BadRequest($"{order.Reference} is {SalesOrder.Label(order.Status).ToLowerInvariant()}: an order becomes delivered when its shipments are validated, not by hand.");
    }

    [HttpDelete("{id:long}")]
    [HasPermission(SalesPermissions.Orders.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return Answer(new { Success = new { Code = 200, Message = "Order deleted" } });
    }

    private async Task<IQueryable<SalesOrder>> VisibleAsync() =>
        db.Set<SalesOrder>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), o => o.ThirdPartyId);

    private async Task<SalesOrder> FindAsync(long id) =>
        await (await VisibleAsync()).Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, Aborted) ?? throw ApiException.NotFound("Order not found");

    private async Task<IActionResult> AnswerAsync(long id)
    {
        var (order, recordNotes) = await (await VisibleAsync()).Include(o => o.Lines).SingleWithNotesAsync(db, SalesRecordTypes.Order, id, Aborted)
            ?? throw ApiException.NotFound("Order not found");
        return Answer(Show(order, recordNotes));
    }

    private static DolOrder Show(SalesOrder o, RecordNotes notes)
    {
        var status = DolSales.OrderStatus(o.Status);
        var linked = o.ProposalId is { } p
            ? new Dictionary<string, IReadOnlyDictionary<string, long>> { ["propal"] = new Dictionary<string, long> { ["0"] = p } }
            : new Dictionary<string, IReadOnlyDictionary<string, long>>();
        return new DolOrder(
            o.Id, o.Reference, o.CustomerReference, o.ThirdPartyId, status, status, o.Billed ? 1 : 0, ApiDates.Unix(o.Date), ApiDates.Unix(o.Date),
            ApiDates.Unix(o.DeliveryDate), ApiDates.Unix(o.DeliveryDate), o.CreatedAt.ToUnixTimeSeconds(), ApiDates.Unix(o.ValidatedAt),
            Dol.Num(o.TotalExclTax), Dol.Num(o.TotalVat), Dol.Num(o.TotalInclTax), o.PaymentTermId, o.PaymentMethodId, notes.Public, notes.Private,
            o.AuthorUserId, o.AuthorUserId, o.ValidatedByUserId, null, "1", linked, o.OrderedLines.Select(DolLines.Line).ToList());
    }
}
