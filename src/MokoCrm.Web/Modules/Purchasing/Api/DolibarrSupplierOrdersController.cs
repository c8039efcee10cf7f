using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Purchasing.Api;

/// <summary>A purchase order as Dolibarr's API shows it (htdocs/fourn/class/api_supplier_orders.class.php, CommandeFournisseur).</summary>
public sealed record DolSupplierOrder(
    long Id, string Ref, string? RefSupplier, long Socid, int Statut, int Status, int Billed, long Date, long DateCreation, long? DateValid,
    long? DateApprove, long? DateApprove2, long? DateCommande, long? DeliveryDate, int? MethodeCommandeId, long? CondReglementId, long? ModeReglementId,
    string TotalHt, string TotalTva, string TotalTtc, string? NotePublic, string? NotePrivate, long? UserAuthorId, long? UserValidId,
    long? UserApproveId, long? UserApproveId2, string Entity, IReadOnlyList<DolLine> Lines);

public sealed class DolSupplierOrderInput
{
    public long? Socid { get; set; }

    /// <summary>"auto" or nothing: the number is ours, given at validation.</summary>
    public string? Ref { get; set; }

    public string? RefSupplier { get; set; }

    public long? Date { get; set; }

    public long? DeliveryDate { get; set; }

    public long? DateLivraison { get; set; }

    public long? CondReglementId { get; set; }

    public long? ModeReglementId { get; set; }

    public string? NotePublic { get; set; }

    public string? NotePrivate { get; set; }

    public long? FkProject { get; set; }

    public int? Entity { get; set; }

    public JsonElement? ArrayOptions { get; set; }

    public List<DolLineInput>? Lines { get; set; }
}

/// <summary>POST {id}/validate of purchase documents: Dolibarr's idwarehouse and notrigger, accepted and unused.</summary>
public sealed class DolValidateInput
{
    public long? Idwarehouse { get; set; }

    public int? Notrigger { get; set; }
}

public sealed class DolApproveInput
{
    public long? Idwarehouse { get; set; }

    public int? Secondlevel { get; set; }
}

/// <summary>POST {id}/makeorder: the date it was sent (Unix time), Dolibarr's input method id and a comment.</summary>
public sealed class DolMakeOrderInput
{
    public long? Date { get; set; }

    public int? Method { get; set; }

    public string? Comment { get; set; }
}

/// <summary>POST {id}/receive: Dolibarr's dispatch lines (id: the order line, qty, warehouse).</summary>
public sealed class DolReceiveInput
{
    public int? Closeopenorder { get; set; }

    public string? Comment { get; set; }

    public List<DolReceiveLineInput>? Lines { get; set; }
}

public sealed class DolReceiveLineInput
{
    public long? Id { get; set; }

    public long? FkProduct { get; set; }

    public decimal? Qty { get; set; }

    public long? Warehouse { get; set; }

    /// <summary>Accepted; the stock is valued at the order line's net price.</summary>
    public decimal? Price { get; set; }

    public string? Comment { get; set; }

    public JsonElement? Eatby { get; set; }

    public JsonElement? Sellby { get; set; }

    public JsonElement? Batch { get; set; }

    public int? Notrigger { get; set; }
}

/// <summary>/api/index.php/supplierorders: the purchase order screens' handlers and rights, in Dolibarr's shapes.</summary>
[Route(Root + "/supplierorders")]
[DolibarrModulePart(Public.PurchasingRecordTypes.Order, "supplier_order", "commande_fournisseur")]
public sealed class DolibarrSupplierOrdersController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    PurchaseOrderAdministration administration,
    ReceptionAdministration receptions,
    IValidator<PurchaseOrderForm> validator,
    IValidator<ReceptionForm> receptionValidator,
    IValidator<LineForm> lineValidator) : DolibarrApiController
{
    internal static readonly ApiFields<PurchaseOrder> Fields = new ApiFields<PurchaseOrder>()
        .Add("t.rowid", o => o.Id)
        .Add("t.ref", o => o.Number)
        .Add("t.ref_supplier", o => o.SupplierReference)
        .Add("t.fk_soc", o => o.SupplierId)
        .Add("t.fk_statut", o => o.Status, StatusOf)
        .Add("t.billed", o => o.Billed)
        .Add("t.date_commande", o => o.OrderedOn)
        .Add("t.date_livraison", o => o.DeliveryDate)
        .Add("t.datec", o => o.CreatedAt)
        .Add("t.total_ht", o => o.TotalExclTax)
        .Add("t.total_ttc", o => o.TotalInclTax);

    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(PurchaseOrderForm.SupplierId)] = "socid", [nameof(PurchaseOrderForm.Date)] = "date", [nameof(PurchaseOrderForm.DeliveryDate)] = "delivery_date",
        [nameof(PurchaseOrderForm.SupplierReference)] = "ref_supplier", [nameof(PurchaseOrderForm.PaymentTermId)] = "cond_reglement_id",
        [nameof(PurchaseOrderForm.PaymentMethodId)] = "mode_reglement_id",
    };

    /// <summary>status: draft | validated | approved | running | received_start | received_end | cancelled | refused, as Dolibarr's.</summary>
    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Orders.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, string? thirdparty_ids, string? status)
    {
        var rows = DolibarrListRequest.OfThirdParties(await VisibleAsync(), thirdparty_ids, o => o.SupplierId);

        if (!string.IsNullOrWhiteSpace(status))
        {
            var wanted = status switch
            {
                "draft" => PurchaseOrderStatus.Draft,
                "validated" => PurchaseOrderStatus.Validated,
                "approved" => PurchaseOrderStatus.Approved,
                "running" => PurchaseOrderStatus.Ordered,
                "received_start" => PurchaseOrderStatus.PartlyReceived,
                "received_end" => PurchaseOrderStatus.Received,
                "cancelled" => PurchaseOrderStatus.Cancelled,
                "refused" => PurchaseOrderStatus.Refused,
                _ => throw ApiException.BadRequest("status is draft, validated, approved, running, received_start, received_end, cancelled or refused."),
            };
            rows = rows.Where(o => o.Status == wanted);
        }

        return await ListAsync(list, rows, Fields, o => Show(o, RecordNotes.None), "supplier order", q => q.Include(o => o.Lines).AsSplitQuery());
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Orders.Read)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    /// <summary>Dolibarr answers the new id; the lines sent with it are made in the same transaction.</summary>
    [HttpPost("")]
    [HasPermission(PurchasingPermissions.Orders.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<DolSupplierOrderInput>();
        if (input.Socid is null)
        {
            throw ApiException.BadRequest("socid field missing");
        }

        if (input.FkProject is > 0)
        {
            throw ApiException.BadRequest("fk_project: projects are not available yet; leave it out.");
        }

        if (input.Ref is not (null or "" or "auto"))
        {
            throw ApiException.BadRequest("ref: the reference is given at validation; send \"auto\" or leave it out.");
        }

        var delivery = input.DeliveryDate ?? input.DateLivraison;
        var form = new PurchaseOrderForm
        {
            SupplierId = input.Socid, Date = input.Date is { } d ? DolLines.Day(d) : DateOnly.FromDateTime(DateTime.UtcNow), DeliveryDate = delivery is { } l ? DolLines.Day(l) : null,
            SupplierReference = input.RefSupplier, PaymentTermId = input.CondReglementId, PaymentMethodId = input.ModeReglementId,
            PublicNote = input.NotePublic, PrivateNote = input.NotePrivate,
        };
        await validator.CheckAsync(form, Names, Aborted);
        var lines = new List<LineForm>();
        foreach (var line in input.Lines ?? [])
        {
            lines.Add(await DolLines.LineFormAsync(line, lineValidator, null, Aborted));
        }

        var id = await InTransactionAsync(async () =>
        {
            var id = await administration.CreateAsync(form, Aborted);
            foreach (var line in lines)
            {
                await administration.AddLineAsync(id, line, Aborted);
            }

            return id;
        });
        return Answer(id);
    }

    /// <summary>POST {id}/validate {idwarehouse, notrigger}: Dolibarr answers a success message with the new reference.</summary>
    [HttpPost("{id:long}/validate")]
    [HasPermission(PurchasingPermissions.Orders.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        await BodyAsync<DolValidateInput>(optional: true);
        var number = await administration.ValidateAsync(id, Aborted);
        return Success($"Order validated (Ref={number})");
    }

    /// <summary>POST {id}/approve: an order above the second-approval amount needs a second approver (another person with that right).</summary>
    [HttpPost("{id:long}/approve")]
    [HasPermission(PurchasingPermissions.Orders.Approve)]
    public async Task<IActionResult> Approve(long id)
    {
        await BodyAsync<DolApproveInput>(optional: true);
        var approved = await administration.ApproveAsync(id, Aborted);
        var reference = await ReferenceAsync(id);
        return Success(approved ? $"Order approved (Ref={reference})" : $"Order approved at the first level (Ref={reference}): a second approval is needed");
    }

    /// <summary>POST {id}/makeorder {date, method, comment}: "Order sent"; method is Dolibarr's input method (3 e-mail, 4 phone, 5 web, other ids: other).</summary>
    [HttpPost("{id:long}/makeorder")]
    [HasPermission(PurchasingPermissions.Orders.Send)]
    public async Task<IActionResult> MakeOrder(long id)
    {
        var input = await BodyAsync<DolMakeOrderInput>(optional: true);
        if (input.Method is null)
        {
            throw ApiException.BadRequest("method: the input method id (3 e-mail, 4 phone, 5 web) is mandatory.");
        }

        await administration.SendAsync(id, new SendOrderForm { OrderedOn = input.Date is { } d && d > 0 ? DolLines.Day(d) : null, Method = MethodOf(input.Method.Value) }, Aborted);
        return Success($"Order sent (Ref={await ReferenceAsync(id)})");
    }

    /// <summary>POST {id}/receive: one validated reception of the lines sent (id: the order line, qty, warehouse); the order's status follows what is received.</summary>
    [HttpPost("{id:long}/receive")]
    [HasPermission(PurchasingPermissions.Receptions.Write)]
    [HasPermission(PurchasingPermissions.Receptions.Validate)]
    public async Task<IActionResult> Receive(long id)
    {
        var input = await BodyAsync<DolReceiveInput>();
        if (input.Lines is not { Count: > 0 })
        {
            throw ApiException.BadRequest("lines: send the lines received (id, qty, warehouse).");
        }

        if (input.Lines.Any(l => IsSet(l.Batch) || IsSet(l.Eatby) || IsSet(l.Sellby)))
        {
            throw ApiException.BadRequest("batch, eatby, sellby: lots and dates are not tracked here; leave them out or send 0.");
        }

        await AnswerAsync(id);
        var form = new ReceptionForm
        {
            OrderId = id, Date = DateOnly.FromDateTime(DateTime.UtcNow), ValidateNow = true,
            Lines = input.Lines.Select(l => new ReceptionLineForm
            {
                OrderLineId = l.Id ?? throw ApiException.BadRequest("lines: each line names its order line (id)."), Quantity = l.Qty, WarehouseId = l.Warehouse,
            }).ToList(),
        };
        await receptionValidator.CheckAsync(form, Name, Aborted);
        await InTransactionAsync(() => receptions.CreateAsync(form, Aborted));
        return Success($"Order received (Ref={await ReferenceAsync(id)})");
    }

    [HttpDelete("{id:long}")]
    [HasPermission(PurchasingPermissions.Orders.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return Success("Supplier order deleted");
    }

    public static int Status(PurchaseOrderStatus status) => status switch
    {
        PurchaseOrderStatus.Draft => 0,
        PurchaseOrderStatus.Validated => 1,
        PurchaseOrderStatus.Approved => 2,
        PurchaseOrderStatus.Ordered => 3,
        PurchaseOrderStatus.PartlyReceived => 4,
        PurchaseOrderStatus.Received => 5,
        PurchaseOrderStatus.Cancelled => 6,
        _ => 9,
    };

    private static object StatusOf(string code) => code switch
    {
        "0" => PurchaseOrderStatus.Draft,
        "1" => PurchaseOrderStatus.Validated,
        "2" => PurchaseOrderStatus.Approved,
        "3" => PurchaseOrderStatus.Ordered,
        "4" => PurchaseOrderStatus.PartlyReceived,
        "5" => PurchaseOrderStatus.Received,
        "6" => PurchaseOrderStatus.Cancelled,
        "9" => PurchaseOrderStatus.Refused,
        _ => throw new FormatException(),
    };

    /// <summary>Dolibarr's c_input_method: 1 letter, 2 fax, 3 e-mail, 4 phone, 5 web.</summary>
    private static OrderMethod MethodOf(int id) => id switch
    {
        3 => OrderMethod.Email,
        4 => OrderMethod.Phone,
        5 => OrderMethod.Portal,
        > 0 => OrderMethod.Other,
        _ => throw ApiException.BadRequest("method: the input method id (3 e-mail, 4 phone, 5 web) is mandatory."),
    };

    private static int? MethodId(OrderMethod? method) => method switch
    {
        OrderMethod.Email => 3,
        OrderMethod.Phone => 4,
        OrderMethod.Portal => 5,
        OrderMethod.Other => 6,
        _ => null,
    };

    private static bool IsSet(JsonElement? value) => value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } v
        && !(v.ValueKind == JsonValueKind.Number && v.GetDecimal() == 0m) && !(v.ValueKind == JsonValueKind.String && v.GetString() is "" or "0");

    private static string Name(string property) => property
        .Replace("Lines", "lines", StringComparison.Ordinal).Replace(".Quantity", ".qty", StringComparison.Ordinal)
        .Replace(".WarehouseId", ".warehouse", StringComparison.Ordinal);

    private ContentResult Success(string message) => Answer(new { Success = new { Code = 200, Message = message } });

    private async Task<string> ReferenceAsync(long id) =>
        await db.Set<PurchaseOrder>().AsNoTracking().Where(o => o.Id == id).Select(o => o.Number).SingleAsync(Aborted) ?? $"(PROV{id})";

    private async Task<IQueryable<PurchaseOrder>> VisibleAsync() =>
        db.Set<PurchaseOrder>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), o => o.SupplierId);

    private async Task<IActionResult> AnswerAsync(long id)
    {
        var (order, recordNotes) = await (await VisibleAsync()).Include(o => o.Lines).SingleWithNotesAsync(db, PurchasingRecordTypes.Order, id, Aborted)
            ?? throw ApiException.NotFound("Supplier order not found");
        return Answer(Show(order, recordNotes));
    }

    private static DolSupplierOrder Show(PurchaseOrder o, RecordNotes notes)
    {
        var status = Status(o.Status);
        return new DolSupplierOrder(
            o.Id, o.Reference, o.SupplierReference, o.SupplierId, status, status, o.Billed ? 1 : 0, ApiDates.Unix(o.Date), o.CreatedAt.ToUnixTimeSeconds(),
            ApiDates.Unix(o.ValidatedAt), ApiDates.Unix(o.FirstApprovedAt ?? o.ApprovedAt), o.FirstApprovedAt is null ? null : ApiDates.Unix(o.ApprovedAt),
            ApiDates.Unix(o.OrderedOn), ApiDates.Unix(o.DeliveryDate), MethodId(o.OrderMethod), o.PaymentTermId, o.PaymentMethodId,
            Dol.Num(o.TotalExclTax), Dol.Num(o.TotalVat), Dol.Num(o.TotalInclTax), notes.Public, notes.Private, o.AuthorUserId, o.ValidatedByUserId,
            o.FirstApprovedByUserId ?? o.ApprovedByUserId, o.FirstApprovedByUserId is null ? null : o.ApprovedByUserId, "1", o.OrderedLines.Select(DolLines.Line).ToList());
    }
}
