using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Modules.Purchasing;

/// <summary>Suppliers, orders and users for the purchasing tests, made through the screens' endpoints.</summary>
internal static class PurchasingTestData
{
    public static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    public static async Task<long> SupplierAsync(SignedInClient client, string name, long? representative = null)
    {
        var fields = new Dictionary<string, string> { ["Name"] = name, ["IsSupplier"] = "true", ["CountryCode"] = "FR", ["CreateAnyway"] = "true" };
        if (representative is { } rep)
        {
            fields["SalesRepresentativeIds"] = rep.ToString();
        }

        var response = await client.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    public static async Task SupplierPriceAsync(SignedInClient client, long productId, long supplierId, string reference, decimal price, decimal minimum)
    {
        var card = $"/Products/Products/{productId}";
        var response = await client.PostFormAsync($"{card}/prices", $"{card}/supplier-prices", new()
        {
            ["SupplierId"] = supplierId.ToString(), ["SupplierReference"] = reference, ["UnitPrice"] = price.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MinimumQuantity"] = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    public static async Task<long> DraftOrderAsync(SignedInClient client, long supplierId)
    {
        var created = await client.PostFormAsync("/Purchasing/Orders/new", "/Purchasing/Orders/new", new() { ["SupplierId"] = supplierId.ToString(), ["Date"] = Today });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        return long.Parse(created.Headers.Location!.ToString().Split('/')[^1]);
    }

    public static async Task AddLineAsync(SignedInClient client, long orderId, Dictionary<string, string> line)
    {
        var card = $"/Purchasing/Orders/{orderId}";
        var response = await client.PostFormAsync(card, $"{card}/lines", line);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    /// <summary>A draft order with these lines, validated, approved and sent by email, as the admin does it.</summary>
    public static async Task<long> SentOrderAsync(SignedInClient admin, long supplier, params Dictionary<string, string>[] lines)
    {
        var order = await DraftOrderAsync(admin, supplier);
        foreach (var line in lines)
        {
            await AddLineAsync(admin, order, line);
        }

        var card = $"/Purchasing/Orders/{order}";
        await ActAsync(admin, card, "validate");
        await ActAsync(admin, card, "approve");
        await ActAsync(admin, card, "send", new() { ["OrderedOn"] = Today, ["Method"] = "Email" });
        return order;
    }

    /// <summary>Posts an action of a card and returns the card as shown after the redirect (with its flash message).</summary>
    public static async Task<string> ActAsync(SignedInClient client, string card, string action, Dictionary<string, string>? fields = null)
    {
        var response = await client.PostFormAsync(card, $"{card}/{action}", fields ?? []);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{action}: {await response.Content.ReadAsStringAsync()}");
        return WebUtility.HtmlDecode(await client.Http.GetStringAsync(response.Headers.Location!.ToString()));
    }

    public static Task<PurchaseOrder> OrderAsync(MokoAppFactory app, long id) =>
        Stock.StockTestData.WithDbAsync(app, db => db.Set<PurchaseOrder>().AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == id));

    public static Task<List<Reception>> ReceptionsOfAsync(MokoAppFactory app, long orderId) =>
        Stock.StockTestData.WithDbAsync(app, db => db.Set<Reception>().AsNoTracking().Include(r => r.Lines).Where(r => r.PurchaseOrderId == orderId).OrderBy(r => r.Id).ToListAsync());

    public static async Task StockInAsync(MokoAppFactory app, long productId, long warehouseId, decimal quantity, decimal price)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StockLedger>()
            .MoveAsync([new StockMove(productId, warehouseId, quantity, StockMovementKind.In, "Opening stock") { UnitPrice = price }]);
    }

    public static async Task<long> NewUserAsync(MokoAppFactory app, string login, string[] rights)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
        await admin.SetUserPermissionsAsync(id, rights);
        return id;
    }

    /// <summary>The reception form's fields: per order line its id, quantity and warehouse.</summary>
    public static Dictionary<string, string> ReceptionFields(long orderId, bool validateNow, params (long LineId, decimal Quantity, long? Warehouse)[] lines) =>
        ReceptionFields(orderId, validateNow, lines.Select(l => (l.LineId, l.Quantity, l.Warehouse, (decimal?)null)).ToArray());

    /// <summary>The reception form's fields with a unit cost per line (null: the field left out, the order line's net price).</summary>
    public static Dictionary<string, string> ReceptionFields(long orderId, bool validateNow, params (long LineId, decimal Quantity, long? Warehouse, decimal? UnitCost)[] lines)
    {
        var fields = new Dictionary<string, string> { ["OrderId"] = orderId.ToString(), ["Date"] = Today, ["ValidateNow"] = validateNow ? "true" : "false" };
        for (var i = 0; i < lines.Length; i++)
        {
            fields[$"Lines[{i}].OrderLineId"] = lines[i].LineId.ToString();
            fields[$"Lines[{i}].Quantity"] = lines[i].Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (lines[i].Warehouse is { } w)
            {
                fields[$"Lines[{i}].WarehouseId"] = w.ToString();
            }

            if (lines[i].UnitCost is { } cost)
            {
                fields[$"Lines[{i}].UnitCost"] = cost.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return fields;
    }

    public static async Task<(HttpResponseMessage Response, string Page)> InvoiceFormAsync(SignedInClient client, long supplierId, string supplierNumber,
        long[]? orders = null, long[]? receptions = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("SupplierId", supplierId.ToString()), new("SupplierInvoiceNumber", supplierNumber), new("Date", Today),
        };
        fields.AddRange((orders ?? []).Select(o => KeyValuePair.Create("OrderIds", o.ToString())));
        fields.AddRange((receptions ?? []).Select(r => KeyValuePair.Create("ReceptionIds", r.ToString())));
        var page = await client.Http.GetStringAsync($"/Purchasing/Invoices/new?supplier={supplierId}");
        var response = await client.PostWithTokenAsync("/Purchasing/Invoices/new", fields, SignedInClient.TokenIn(page));
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    public static async Task<(HttpResponseMessage Response, string Page)> PayAsync(SignedInClient client, long supplierId, long bankAccountId, params (long Invoice, decimal Amount)[] shares)
    {
        var fields = new Dictionary<string, string> { ["SupplierId"] = supplierId.ToString(), ["Date"] = Today, ["BankAccountId"] = bankAccountId.ToString() };
        for (var i = 0; i < shares.Length; i++)
        {
            fields[$"Shares[{i}].InvoiceId"] = shares[i].Invoice.ToString();
            fields[$"Shares[{i}].Amount"] = shares[i].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var response = await client.PostFormAsync($"/Purchasing/Payments/new?supplier={supplierId}", "/Purchasing/Payments/new", fields);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    public static async Task<(HttpResponseMessage Response, string Page)> ReceiveAsync(SignedInClient client, long orderId, Dictionary<string, string> fields)
    {
        var response = await client.PostFormAsync($"/Purchasing/Receptions/new?order={orderId}", "/Purchasing/Receptions/new", fields);
        var page = response.StatusCode == HttpStatusCode.Redirect
            ? await client.Http.GetStringAsync(response.Headers.Location!.ToString())
            : await response.Content.ReadAsStringAsync();
        return (response, WebUtility.HtmlDecode(page));
    }
}
