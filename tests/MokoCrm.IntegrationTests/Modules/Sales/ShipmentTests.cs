using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Modules.Sales;

/// <summary>Shipments through the web endpoints: what is left to ship, warehouses, stock, order status, automations, rights.</summary>
public sealed class ShipmentTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Two_partial_shipments_from_two_warehouses_take_stock_out_and_the_order_becomes_delivered_linked_both_ways()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Kilo Shipping SA", null);
        var chair = await CreateProductAsync(admin, "SHP-CHAIR", "Oak chair", "50");
        var setup = await CreateProductAsync(admin, "SHP-SETUP", "Set-up service", "80", service: true);
        var north = await WarehouseAsync("SHN");
        var south = await WarehouseAsync("SHS");
        await StockInAsync(chair, north, 6m);
        await StockInAsync(chair, south, 10m);
        var orderId = await ValidatedOrderAsync(admin, customer, (chair, "10"), (setup, "1"));
        var order = await OrderAsync(orderId);
        var chairLine = order.Lines.Single(l => l.ProductId == chair).Id;
        var setupLine = order.Lines.Single(l => l.ProductId == setup).Id;

        var form = await admin.Http.GetStringAsync($"/Sales/Shipments/new?order={orderId}");
        form.ShouldContain("Oak chair");
        form.ShouldContain("Service: not shipped");
        form.ShouldContain("SHN - ");

        var first = await CreateShipmentAsync(admin, orderId, (chairLine, "6", north));
        await PostAsync(admin, $"/Sales/Shipments/{first}", "validate");
        var shipment = await ShipmentAsync(first);
        shipment.Status.ShouldBe(ShipmentStatus.Validated);
        shipment.Number.ShouldNotBeNull().ShouldMatch(@"^SH\d{4}-\d{4}$");
        (await LevelAsync(chair, north)).ShouldBe(0m);
        (await LevelAsync(chair, south)).ShouldBe(10m);
        order = await OrderAsync(orderId);
        order.Status.ShouldBe(SalesOrderStatus.InProgress);
        order.Lines.Single(l => l.Id == chairLine).QuantityShipped.ShouldBe(6m);

        (await admin.Http.GetStringAsync($"/Sales/Shipments/new?order={orderId}")).ShouldContain("data-left>4<");
        var second = await CreateShipmentAsync(admin, orderId, (chairLine, "4", south));
        await PostAsync(admin, $"/Sales/Shipments/{second}", "validate");
        (await LevelAsync(chair, south)).ShouldBe(6m);
        order = await OrderAsync(orderId);
        order.Status.ShouldBe(SalesOrderStatus.Delivered, "the service line is never shipped, so the products being shipped is enough");
        order.Lines.Single(l => l.Id == setupLine).QuantityShipped.ShouldBe(0m);

        var number = (await ShipmentAsync(second)).Number!;
        (await admin.Http.GetStringAsync($"/Records/sales.order/{orderId}/links")).ShouldContain(number);
        (await admin.Http.GetStringAsync($"/Records/sales.shipment/{second}/links")).ShouldContain(order.Number!);
        (await admin.Http.GetStringAsync($"/Sales/Shipments?order={orderId}")).ShouldContain(number);
        (await admin.Http.GetStringAsync($"/Sales/Shipments?status=Validated&thirdParty={customer}")).ShouldContain(number);
        var csv = await admin.Http.GetStringAsync($"/Sales/Shipments?thirdParty={customer}&export=csv");
        csv.ShouldContain(number);
        (await admin.Http.GetStringAsync($"/Sales/Shipments/{second}")).ShouldContain("SHS - ");
        (await InvariantBreachesAsync()).ShouldBeEmpty();
        await WithDbAsync(async db => (await db.Set<AgendaEvent>().CountAsync(e => e.Title == $"Shipment {number} validated")).ShouldBe(1));
        await WithDbAsync(async db => (await db.Set<StockMovement>().CountAsync(m => m.OriginType == "sales.shipment" && m.OriginId == second)).ShouldBe(1));
    }

    [Fact]
    public async Task Cancelling_a_shipment_puts_its_stock_back_and_the_order_is_shippable_again()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Lima Returns", null);
        var lamp = await CreateProductAsync(admin, "SHP-LAMP", "Desk lamp", "20");
        var depot = await WarehouseAsync("SHL");
        await StockInAsync(lamp, depot, 5m);
        var orderId = await ValidatedOrderAsync(admin, customer, (lamp, "3"));
        var line = (await OrderAsync(orderId)).Lines.Single().Id;
        var id = await CreateShipmentAsync(admin, orderId, (line, "3", depot));
        await PostAsync(admin, $"/Sales/Shipments/{id}", "validate");
        (await LevelAsync(lamp, depot)).ShouldBe(2m);
        (await OrderAsync(orderId)).Status.ShouldBe(SalesOrderStatus.Delivered);

        await PostAsync(admin, $"/Sales/Shipments/{id}", "cancel");
        (await ShipmentAsync(id)).Status.ShouldBe(ShipmentStatus.Cancelled);
        (await LevelAsync(lamp, depot)).ShouldBe(5m);
        var order = await OrderAsync(orderId);
        order.Status.ShouldBe(SalesOrderStatus.Validated);
        order.Lines.Single().QuantityShipped.ShouldBe(0m);
        (await admin.Http.GetStringAsync($"/Sales/Orders/{orderId}")).ShouldContain("Create shipment");
        (await InvariantBreachesAsync()).ShouldBeEmpty();
        var number = (await ShipmentAsync(id)).Number!;
        await WithDbAsync(async db => (await db.Set<AgendaEvent>().CountAsync(e => e.Title == $"Shipment {number} cancelled")).ShouldBe(1));
    }

    [Fact]
    public async Task Shipping_more_than_is_left_or_a_service_or_from_a_closed_warehouse_is_refused_with_a_clear_message()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Mike Excess", null);
        var desk = await CreateProductAsync(admin, "SHP-DESK", "Standing desk", "300");
        var install = await CreateProductAsync(admin, "SHP-INST", "Installation", "90", service: true);
        var depot = await WarehouseAsync("SHM");
        var closed = await WarehouseAsync("SHX", WarehouseStatus.Closed);
        await StockInAsync(desk, depot, 10m);
        var orderId = await ValidatedOrderAsync(admin, customer, (desk, "2"), (install, "1"));
        var order = await OrderAsync(orderId);
        var deskLine = order.Lines.Single(l => l.ProductId == desk).Id;
        var installLine = order.Lines.Single(l => l.ProductId == install).Id;

        var tooMany = await PostShipmentAsync(admin, orderId, (deskLine, "3", depot));
        tooMany.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await tooMany.Content.ReadAsStringAsync()).ShouldContain("Line 1: 3 cannot be shipped, only 2 is left to ship.");
        var service = await PostShipmentAsync(admin, orderId, (installLine, "1", depot));
        WebUtility.HtmlDecode(await service.Content.ReadAsStringAsync()).ShouldContain("services are not shipped");
        var closedDepot = await PostShipmentAsync(admin, orderId, (deskLine, "1", closed));
        WebUtility.HtmlDecode(await closedDepot.Content.ReadAsStringAsync()).ShouldContain("choose an open warehouse");
        var nothing = await PostShipmentAsync(admin, orderId, (deskLine, "0", depot));
        WebUtility.HtmlDecode(await nothing.Content.ReadAsStringAsync()).ShouldContain("Enter a quantity to ship on at least one line.");
        await WithDbAsync(async db => (await db.Set<Shipment>().CountAsync(s => s.OrderId == orderId)).ShouldBe(0));

        // Two drafts may together ask for more than is left: the second validation is refused, nothing changes.
        var a = await CreateShipmentAsync(admin, orderId, (deskLine, "1", depot));
        var b = await CreateShipmentAsync(admin, orderId, (deskLine, "2", depot));
        await PostAsync(admin, $"/Sales/Shipments/{a}", "validate");
        var refused = await PostAsync(admin, $"/Sales/Shipments/{b}", "validate");
        (await FollowAsync(admin, refused)).ShouldContain("Line 1: 2 cannot be shipped, 1 is left to ship.");
        (await ShipmentAsync(b)).Status.ShouldBe(ShipmentStatus.Draft);
        (await LevelAsync(desk, depot)).ShouldBe(9m);
        (await OrderAsync(orderId)).Lines.Single(l => l.Id == deskLine).QuantityShipped.ShouldBe(1m);
        await PostAsync(admin, $"/Sales/Shipments/{b}", "delete");
        await WithDbAsync(async db => (await db.Set<Shipment>().AnyAsync(s => s.Id == b)).ShouldBeFalse());
    }

    [Fact]
    public async Task Not_enough_stock_stops_the_validation_naming_product_warehouse_and_available_and_nothing_changes()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "November Short", null);
        var sofa = await CreateProductAsync(admin, "SHP-SOFA", "Sofa", "900");
        var depot = await WarehouseAsync("SHN2");
        await StockInAsync(sofa, depot, 1m);
        var orderId = await ValidatedOrderAsync(admin, customer, (sofa, "2"));
        var line = (await OrderAsync(orderId)).Lines.Single().Id;
        var id = await CreateShipmentAsync(admin, orderId, (line, "2", depot));
        var counter = await CounterAsync();

        var refused = await PostAsync(admin, $"/Sales/Shipments/{id}", "validate");
        var page = await FollowAsync(admin, refused);
        page.ShouldContain("Not enough stock of SHP-SOFA - Sofa in SHN2: 1 available, 2 asked.");
        (await ShipmentAsync(id)).Status.ShouldBe(ShipmentStatus.Draft);
        (await ShipmentAsync(id)).Number.ShouldBeNull();
        (await LevelAsync(sofa, depot)).ShouldBe(1m);
        var order = await OrderAsync(orderId);
        (order.Status, order.Lines.Single().QuantityShipped).ShouldBe((SalesOrderStatus.Validated, 0m));
        (await CounterAsync()).ShouldBe(counter, "a refused validation takes no number");
    }

    [Fact]
    public async Task Automations_are_switched_on_the_admin_screen_and_handlers_follow_them()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var screen = await admin.Http.GetStringAsync("/Sales/Automations");
        screen.ShouldContain("A fully shipped sales order becomes delivered");
        screen.ShouldContain("A signed proposal creates a draft sales order");
        var customer = await CreateThirdPartyAsync(admin, "Oscar Automations", null);
        var vase = await CreateProductAsync(admin, "SHP-VASE", "Vase", "15");
        var depot = await WarehouseAsync("SHO");
        await StockInAsync(vase, depot, 10m);
        try
        {
            // Defaults: signed → order off; fully shipped → delivered on. Now the other way round.
            await SaveAutomationsAsync(admin, SalesAutomationKeys.ProposalSignedCreatesOrder);
            await using var scope = app.Services.CreateAsyncScope();
            var switches = await scope.ServiceProvider.GetRequiredService<SalesAutomations>().CurrentAsync();
            switches.IsOn(SalesAutomationKeys.ProposalSignedCreatesOrder).ShouldBeTrue();
            switches.IsOn(SalesAutomationKeys.FullyShippedOrderDelivered).ShouldBeFalse();

            var proposal = await CreateDocumentAsync(admin, "/Sales/Proposals", customer, new() { ["ValidityDays"] = "30" });
            await PostAsync(admin, $"/Sales/Proposals/{proposal}", "lines", ProductLine(vase, "2"));
            await PostAsync(admin, $"/Sales/Proposals/{proposal}", "validate");
            await PostAsync(admin, $"/Sales/Proposals/{proposal}", "sign");
            var orderId = await WithDbAsync(db => db.Set<SalesOrder>().Where(o => o.ProposalId == proposal).Select(o => o.Id).SingleAsync());
            (await OrderAsync(orderId)).Status.ShouldBe(SalesOrderStatus.Draft);
            (await admin.Http.GetStringAsync($"/Records/sales.proposal/{proposal}/links")).ShouldContain($"(PROV{orderId})");

            await PostAsync(admin, $"/Sales/Orders/{orderId}", "validate");
            var line = (await OrderAsync(orderId)).Lines.Single().Id;
            var id = await CreateShipmentAsync(admin, orderId, (line, "2", depot));
            await PostAsync(admin, $"/Sales/Shipments/{id}", "validate");
            (await OrderAsync(orderId)).Status.ShouldBe(SalesOrderStatus.InProgress, "the delivered automation is off");
        }
        finally
        {
            await SaveAutomationsAsync(admin, SalesAutomationKeys.FullyShippedOrderDelivered, SalesAutomationKeys.InvoiceValidatedBillsOrders, SalesAutomationKeys.OrdersBilledBillProposals);
        }

        var other = await CreateDocumentAsync(admin, "/Sales/Proposals", customer, new() { ["ValidityDays"] = "30" });
        await PostAsync(admin, $"/Sales/Proposals/{other}", "lines", ProductLine(vase, "1"));
        await PostAsync(admin, $"/Sales/Proposals/{other}", "validate");
        await PostAsync(admin, $"/Sales/Proposals/{other}", "sign");
        await WithDbAsync(async db => (await db.Set<SalesOrder>().AnyAsync(o => o.ProposalId == other)).ShouldBeFalse());
    }

    [Fact]
    public async Task Switched_on_a_delivered_order_creates_a_draft_invoice_of_what_is_left_to_bill_linked_to_it_and_switched_off_it_does_not()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        (await admin.Http.GetStringAsync("/Sales/Automations")).ShouldContain("A delivered sales order creates a draft invoice");
        var customer = await CreateThirdPartyAsync(admin, "Oscar Delivered", null);
        var bowl = await CreateProductAsync(admin, "SHP-BOWL", "Bowl", "12");
        var depot = await WarehouseAsync("SHD");
        await StockInAsync(bowl, depot, 20m);
        try
        {
            await SaveAutomationsAsync(admin, SalesAutomationKeys.FullyShippedOrderDelivered, SalesAutomationKeys.InvoiceValidatedBillsOrders,
                SalesAutomationKeys.OrdersBilledBillProposals, SalesAutomationKeys.DeliveredOrderCreatesInvoice);

            // Partly shipped: not delivered yet, no invoice.
            var orderId = await ValidatedOrderAsync(admin, customer, (bowl, "5"));
            var line = (await OrderAsync(orderId)).Lines.Single().Id;
            await PostAsync(admin, $"/Sales/Shipments/{await CreateShipmentAsync(admin, orderId, (line, "2", depot))}", "validate");
            (await InvoicesOfAsync(orderId)).ShouldBeEmpty();

            var last = await CreateShipmentAsync(admin, orderId, (line, "3", depot));
            (await FollowAsync(admin, await PostAsync(admin, $"/Sales/Shipments/{last}", "validate"))).ShouldContain("Shipment validated as SH");
            (await OrderAsync(orderId)).Status.ShouldBe(SalesOrderStatus.Delivered);
            var invoiceId = (await InvoicesOfAsync(orderId)).ShouldHaveSingleItem();
            var invoice = await WithDbAsync(db => db.Set<Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId));
            invoice.Status.ShouldBe(InvoiceStatus.Draft);
            invoice.ThirdPartyId.ShouldBe(customer);
            invoice.Lines.Single(l => l.IsPriced).Quantity.ShouldBe(5m);
            invoice.TotalExclTax.ShouldBe(60m);
            (await OrderAsync(orderId)).Lines.Single().QuantityInvoiced.ShouldBe(5m, "the draft holds what it bills: nothing is left to bill twice");
            (await admin.Http.GetStringAsync($"/Records/sales.order/{orderId}/links")).ShouldContain($"(PROV{invoiceId})");

            // An order fully invoiced before it is delivered gets no second invoice.
            var billedFirst = await ValidatedOrderAsync(admin, customer, (bowl, "1"));
            var billedLine = (await OrderAsync(billedFirst)).Lines.Single().Id;
            var page = await admin.Http.GetStringAsync($"/Sales/Orders/{billedFirst}");
            (await admin.PostWithTokenAsync("/Sales/Invoices/from-orders", [KeyValuePair.Create("OrderIds", billedFirst.ToString())], SignedInClient.TokenIn(page)))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
            await PostAsync(admin, $"/Sales/Shipments/{await CreateShipmentAsync(admin, billedFirst, (billedLine, "1", depot))}", "validate");
            (await OrderAsync(billedFirst)).Status.ShouldBe(SalesOrderStatus.Delivered);
            (await InvoicesOfAsync(billedFirst)).Count.ShouldBe(1);
        }
        finally
        {
            await SaveAutomationsAsync(admin, SalesAutomationKeys.FullyShippedOrderDelivered, SalesAutomationKeys.InvoiceValidatedBillsOrders, SalesAutomationKeys.OrdersBilledBillProposals);
        }

        var off = await ValidatedOrderAsync(admin, customer, (bowl, "1"));
        var offLine = (await OrderAsync(off)).Lines.Single().Id;
        await PostAsync(admin, $"/Sales/Shipments/{await CreateShipmentAsync(admin, off, (offLine, "1", depot))}", "validate");
        (await OrderAsync(off)).Status.ShouldBe(SalesOrderStatus.Delivered);
        (await InvoicesOfAsync(off)).ShouldBeEmpty("the automation is off by default");
    }

    [Fact]
    public async Task Stock_may_leave_on_order_validation_instead_and_comes_back_when_the_order_is_cancelled()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Papa Orders", null);
        var mug = await CreateProductAsync(admin, "SHP-MUG", "Mug", "5");
        var depot = await WarehouseAsync("SHP");
        await StockInAsync(mug, depot, 10m);
        await SetStockSettingsAsync(StockDecreaseTrigger.SalesOrderValidated, depot);
        try
        {
            var orderId = await ValidatedOrderAsync(admin, customer, (mug, "4"));
            (await LevelAsync(mug, depot)).ShouldBe(6m);
            var line = (await OrderAsync(orderId)).Lines.Single().Id;
            var id = await CreateShipmentAsync(admin, orderId, (line, "4", depot));
            await PostAsync(admin, $"/Sales/Shipments/{id}", "validate");
            (await LevelAsync(mug, depot)).ShouldBe(6m, "the shipment moves nothing when the order took the stock");
            await PostAsync(admin, $"/Sales/Shipments/{id}", "cancel");
            (await LevelAsync(mug, depot)).ShouldBe(6m);
            await PostAsync(admin, $"/Sales/Orders/{orderId}", "cancel");
            (await OrderAsync(orderId)).Status.ShouldBe(SalesOrderStatus.Cancelled);
            (await LevelAsync(mug, depot)).ShouldBe(10m);
            (await InvariantBreachesAsync()).ShouldBeEmpty();
        }
        finally
        {
            await SetStockSettingsAsync(StockDecreaseTrigger.ShipmentValidated, null);
        }
    }

    [Fact]
    public async Task The_validate_button_asks_where_the_goods_leave_from_on_order_or_invoice_validation_and_refuses_a_closed_warehouse()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Papa Picks", null);
        var mug = await CreateProductAsync(admin, "SHP-PMUG", "Picked mug", "5");
        var main = await WarehouseAsync("SHPPKA");
        var other = await WarehouseAsync("SHPPKB");
        var closed = await WarehouseAsync("SHPPKC");
        await StockInAsync(mug, main, 10m);
        await StockInAsync(mug, other, 10m);
        await StockInAsync(mug, closed, 10m);
        await WithDbAsync(async db =>
        {
            (await db.Set<Warehouse>().SingleAsync(w => w.Id == closed)).ChangeStatus(WarehouseStatus.Closed);
            await db.SaveChangesAsync();
        });
        await SetStockSettingsAsync(StockDecreaseTrigger.SalesOrderValidated, main);
        try
        {
            var orderId = await CreateDocumentAsync(admin, "/Sales/Orders", customer);
            var order = $"/Sales/Orders/{orderId}";
            await PostAsync(admin, order, "lines", ProductLine(mug, "3"));
            var card = await admin.Http.GetStringAsync(order);
            card.ShouldContain("data-validate-warehouse");
            card.ShouldMatch($"<option value=\"{main}\" selected=\"selected\">SHPPKA - ");
            card.ShouldContain($"<option value=\"{other}\">SHPPKB - ");
            card.ShouldNotContain("SHPPKC - ", Case.Sensitive, "a closed warehouse is not offered");

            // Posted anyway: refused with the ledger's message, the order stays a draft and takes no number.
            var refused = await FollowAsync(admin, await PostAsync(admin, order, "validate", new() { ["warehouseId"] = closed.ToString() }));
            refused.ShouldContain("The warehouse SHPPKC is closed: no stock moves in or out of it.");
            (await OrderAsync(orderId)).Status.ShouldBe(SalesOrderStatus.Draft);
            (await LevelAsync(mug, closed)).ShouldBe(10m);

            await PostAsync(admin, order, "validate", new() { ["warehouseId"] = other.ToString() });
            (await OrderAsync(orderId)).Status.ShouldBe(SalesOrderStatus.Validated);
            ((await LevelAsync(mug, main)), (await LevelAsync(mug, other))).ShouldBe((10m, 7m));
            await PostAsync(admin, order, "cancel");
            (await LevelAsync(mug, other)).ShouldBe(10m, "the cancellation puts back into the warehouse chosen");

            // The same on invoice validation; its credit note puts the goods back where they left from.
            await SetStockSettingsAsync(StockDecreaseTrigger.CustomerInvoiceValidated, main);
            var invoiceId = await CreateDocumentAsync(admin, "/Sales/Invoices", customer);
            var invoice = $"/Sales/Invoices/{invoiceId}";
            await PostAsync(admin, invoice, "lines", ProductLine(mug, "2"));
            card = await admin.Http.GetStringAsync(invoice);
            card.ShouldMatch($"<option value=\"{main}\" selected=\"selected\">SHPPKA - ");
            (await FollowAsync(admin, await PostAsync(admin, invoice, "validate", new() { ["warehouseId"] = closed.ToString() })))
                .ShouldContain("The warehouse SHPPKC is closed");
            await PostAsync(admin, invoice, "validate", new() { ["warehouseId"] = other.ToString() });
            ((await LevelAsync(mug, main)), (await LevelAsync(mug, other))).ShouldBe((10m, 8m));
            var note = (await PostAsync(admin, invoice, "credit-note")).Headers.Location!.ToString();
            (await admin.Http.GetStringAsync(note)).ShouldNotContain("data-validate-warehouse", Case.Sensitive, "a credit note takes nothing out: nothing to ask");
            await PostAsync(admin, note, "validate");
            (await LevelAsync(mug, other)).ShouldBe(10m);

            // Without a product line, or when goods leave on the shipment, there is nothing to ask.
            await SetStockSettingsAsync(StockDecreaseTrigger.ShipmentValidated, main);
            var plain = await CreateDocumentAsync(admin, "/Sales/Orders", customer);
            await PostAsync(admin, $"/Sales/Orders/{plain}", "lines", ProductLine(mug, "1"));
            (await admin.Http.GetStringAsync($"/Sales/Orders/{plain}")).ShouldNotContain("data-validate-warehouse");
            (await InvariantBreachesAsync()).ShouldBeEmpty();
        }
        finally
        {
            await SetStockSettingsAsync(StockDecreaseTrigger.ShipmentValidated, null);
        }
    }

    [Fact]
    public async Task Stock_may_leave_on_invoice_validation_instead_and_the_shipment_then_moves_nothing()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Papa Invoices", null);
        var mug = await CreateProductAsync(admin, "SHP-IMUG", "Invoiced mug", "5");
        var depot = await WarehouseAsync("SHPINV");
        await StockInAsync(mug, depot, 10m);
        await SetStockSettingsAsync(StockDecreaseTrigger.CustomerInvoiceValidated, depot);
        try
        {
            var orderId = await ValidatedOrderAsync(admin, customer, (mug, "3"));
            (await LevelAsync(mug, depot)).ShouldBe(10m, "validating the order moves nothing under this setting");
            var line = (await OrderAsync(orderId)).Lines.Single().Id;
            var shipment = await CreateShipmentAsync(admin, orderId, (line, "3", depot));
            await PostAsync(admin, $"/Sales/Shipments/{shipment}", "validate");
            (await LevelAsync(mug, depot)).ShouldBe(10m, "the shipment moves nothing when the invoice takes the stock");

            var page = await admin.Http.GetStringAsync($"/Sales/Orders/{orderId}");
            var created = await admin.PostWithTokenAsync("/Sales/Invoices/from-orders",
                [KeyValuePair.Create("OrderIds", orderId.ToString()), KeyValuePair.Create($"Quantities[{line}]", "3")], SignedInClient.TokenIn(page));
            created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
            var invoice = created.Headers.Location!.ToString();
            await PostAsync(admin, invoice, "validate");
            (await LevelAsync(mug, depot)).ShouldBe(7m);
            (await InvariantBreachesAsync()).ShouldBeEmpty();
        }
        finally
        {
            await SetStockSettingsAsync(StockDecreaseTrigger.ShipmentValidated, null);
        }
    }

    [Fact]
    public async Task A_credit_note_puts_back_what_its_invoice_took_out_of_stock_into_the_same_warehouse_whatever_the_settings_say_now()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Papa Credits", null);
        var mug = await CreateProductAsync(admin, "SHP-CMUG", "Credited mug", "5");
        var depot = await WarehouseAsync("SHPCRN");
        await StockInAsync(mug, depot, 10m);
        await SetStockSettingsAsync(StockDecreaseTrigger.CustomerInvoiceValidated, depot);
        try
        {
            var orderId = await ValidatedOrderAsync(admin, customer, (mug, "3"));
            var line = (await OrderAsync(orderId)).Lines.Single().Id;
            var page = await admin.Http.GetStringAsync($"/Sales/Orders/{orderId}");
            var created = await admin.PostWithTokenAsync("/Sales/Invoices/from-orders",
                [KeyValuePair.Create("OrderIds", orderId.ToString()), KeyValuePair.Create($"Quantities[{line}]", "3")], SignedInClient.TokenIn(page));
            var invoice = created.Headers.Location!.ToString();
            await PostAsync(admin, invoice, "validate");
            (await LevelAsync(mug, depot)).ShouldBe(7m);
            var invoiceId = long.Parse(invoice.Split('/')[^1]);
            var invoiceLine = await WithDbAsync(db => db.Set<Invoice>().Where(i => i.Id == invoiceId).SelectMany(i => i.Lines).Select(l => l.Id).SingleAsync());

            var note = (await PostAsync(admin, invoice, "credit-note", new() { [$"Quantities[{invoiceLine}]"] = "2" })).Headers.Location!.ToString();
            (await LevelAsync(mug, depot)).ShouldBe(7m, "a draft credit note moves nothing");
            await PostAsync(admin, note, "validate");
            (await LevelAsync(mug, depot)).ShouldBe(9m);
            var noteId = long.Parse(note.Split('/')[^1]);
            var back = await WithDbAsync(db => db.Set<StockMovement>().AsNoTracking().SingleAsync(m => m.OriginType == "sales.invoice" && m.OriginId == noteId));
            var output = await WithDbAsync(db => db.Set<StockMovement>().AsNoTracking().SingleAsync(m => m.OriginType == "sales.invoice" && m.OriginId == invoiceId));
            (back.Quantity, back.WarehouseId, back.UnitPrice, back.Kind).ShouldBe((2m, depot, output.UnitPrice, StockMovementKind.In));

            // The undo follows what the invoice moved, not the settings now; and never more than the invoice took out.
            await SetStockSettingsAsync(StockDecreaseTrigger.ShipmentValidated, null);
            var second = (await PostAsync(admin, invoice, "credit-note", new() { [$"Quantities[{invoiceLine}]"] = "1" })).Headers.Location!.ToString();
            await PostAsync(admin, second, "validate");
            (await LevelAsync(mug, depot)).ShouldBe(10m);
            (await InvariantBreachesAsync()).ShouldBeEmpty();
        }
        finally
        {
            await SetStockSettingsAsync(StockDecreaseTrigger.ShipmentValidated, null);
        }
    }

    [Fact]
    public async Task Two_draft_credit_notes_validated_at_once_never_credit_more_than_the_invoice_so_its_goods_come_back_once()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Papa Double Credits", null);
        var mug = await CreateProductAsync(admin, "SHP-DMUG", "Twice credited mug", "5");
        var depot = await WarehouseAsync("SHPDCN");
        await StockInAsync(mug, depot, 10m);
        await SetStockSettingsAsync(StockDecreaseTrigger.CustomerInvoiceValidated, depot);
        try
        {
            var orderId = await ValidatedOrderAsync(admin, customer, (mug, "3"));
            var line = (await OrderAsync(orderId)).Lines.Single().Id;
            var page = await admin.Http.GetStringAsync($"/Sales/Orders/{orderId}");
            var invoice = (await admin.PostWithTokenAsync("/Sales/Invoices/from-orders",
                [KeyValuePair.Create("OrderIds", orderId.ToString()), KeyValuePair.Create($"Quantities[{line}]", "3")], SignedInClient.TokenIn(page))).Headers.Location!.ToString();
            await PostAsync(admin, invoice, "validate");
            (await LevelAsync(mug, depot)).ShouldBe(7m);
            var invoiceId = long.Parse(invoice.Split('/')[^1]);
            var invoiceLine = await WithDbAsync(db => db.Set<Invoice>().Where(i => i.Id == invoiceId).SelectMany(i => i.Lines).Select(l => l.Id).SingleAsync());

            // Drafts reserve nothing: each fits on its own, together they credit 4 of 3.
            var first = (await PostAsync(admin, invoice, "credit-note", new() { [$"Quantities[{invoiceLine}]"] = "2" })).Headers.Location!.ToString();
            var second = (await PostAsync(admin, invoice, "credit-note", new() { [$"Quantities[{invoiceLine}]"] = "2" })).Headers.Location!.ToString();
            using var other = await SignedInClient.AdminAsync(app); // its own session, so each sees its own message
            var validated = await Task.WhenAll(PostAsync(admin, first, "validate"), PostAsync(other, second, "validate"));
            var pages = new[] { await FollowAsync(admin, validated[0]), await FollowAsync(other, validated[1]) };
            pages.Count(p => p.Contains("Invoice validated as CN", StringComparison.Ordinal)).ShouldBe(1);
            pages.Single(p => !p.Contains("Invoice validated as CN", StringComparison.Ordinal))
                .ShouldContain("Line 1 of IN", Case.Sensitive, "the refusal names the invoice line");
            pages.ShouldContain(p => p.Contains("(Twice credited mug): 2 for 10.00 excl. tax cannot be credited; 1 for 5.00 excl. tax is left to credit.", StringComparison.Ordinal));
            var statuses = await WithDbAsync(db => db.Set<Invoice>().AsNoTracking().Where(i => i.CreditedInvoiceId == invoiceId).Select(i => i.Status).ToListAsync());
            statuses.Order().ShouldBe([InvoiceStatus.Draft, InvoiceStatus.Unpaid]);
            (await LevelAsync(mug, depot)).ShouldBe(9m, "the goods of one credit note only came back");

            // What is left can still be credited; then nothing is: a new "all lines" credit note is refused.
            var last = (await PostAsync(admin, invoice, "credit-note")).Headers.Location!.ToString();
            await WithDbAsync(async db => (await db.Set<InvoiceLine>().Where(l => l.CreditedLineId == invoiceLine && db.Set<Invoice>().Any(i => i.Id == l.DocumentId && i.Status == InvoiceStatus.Draft))
                .SumAsync(l => l.Quantity)).ShouldBe(3m, "the older draft (2) and the new one (what is left: 1)"));
            (await FollowAsync(admin, await PostAsync(admin, last, "validate"))).ShouldContain("Invoice validated as CN");
            (await LevelAsync(mug, depot)).ShouldBe(10m);
            var refused = await admin.PostFormAsync(invoice, $"{invoice}/credit-note", []);
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync() + (refused.Headers.Location is { } to ? await admin.Http.GetStringAsync(to.ToString()) : ""))
                .ShouldContain("has been credited in full already: nothing is left to credit.");
            (await InvariantBreachesAsync()).ShouldBeEmpty();
        }
        finally
        {
            await SetStockSettingsAsync(StockDecreaseTrigger.ShipmentValidated, null);
        }
    }

    [Fact]
    public async Task A_credit_note_of_an_invoice_whose_goods_left_on_the_shipment_moves_no_stock()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Papa Shipped Credits", null);
        var mug = await CreateProductAsync(admin, "SHP-SMUG", "Shipped credited mug", "5");
        var depot = await WarehouseAsync("SHPSCN");
        await StockInAsync(mug, depot, 10m);
        var orderId = await ValidatedOrderAsync(admin, customer, (mug, "2"));
        var line = (await OrderAsync(orderId)).Lines.Single().Id;
        var shipment = await CreateShipmentAsync(admin, orderId, (line, "2", depot));
        await PostAsync(admin, $"/Sales/Shipments/{shipment}", "validate");
        (await LevelAsync(mug, depot)).ShouldBe(8m);

        var page = await admin.Http.GetStringAsync($"/Sales/Orders/{orderId}");
        var invoice = (await admin.PostWithTokenAsync("/Sales/Invoices/from-orders",
            [KeyValuePair.Create("OrderIds", orderId.ToString()), KeyValuePair.Create($"Quantities[{line}]", "2")], SignedInClient.TokenIn(page))).Headers.Location!.ToString();
        await PostAsync(admin, invoice, "validate");
        var note = (await PostAsync(admin, invoice, "credit-note")).Headers.Location!.ToString();
        (await FollowAsync(admin, await PostAsync(admin, note, "validate"))).ShouldContain("Invoice validated as CN");
        (await LevelAsync(mug, depot)).ShouldBe(8m, "the goods left on the shipment: the credit note of the invoice does not bring them back");
    }

    [Fact]
    public async Task A_user_who_may_create_but_not_validate_gets_403_and_a_rep_gets_404_on_another_reps_shipment_and_its_pdf()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        await NewUserAsync("shipdrafter", [SalesPermissions.Orders.Read, SalesPermissions.Shipments.Read, SalesPermissions.Shipments.Write, CrmPermissions.ThirdParties.Read, CrmPermissions.ThirdParties.SeeAll]);
        var rights = new[] { SalesPermissions.Orders.Read, SalesPermissions.Shipments.Read, SalesPermissions.Shipments.Write, SalesPermissions.Shipments.Validate, CrmPermissions.ThirdParties.Read };
        var mine = await NewUserAsync("shiprepa", rights);
        var theirs = await NewUserAsync("shiprepb", rights);
        var myCustomer = await CreateThirdPartyAsync(admin, "Quebec Mine", mine);
        var theirCustomer = await CreateThirdPartyAsync(admin, "Romeo Theirs", theirs);
        var box = await CreateProductAsync(admin, "SHP-BOX", "Box", "3");
        var depot = await WarehouseAsync("SHR");
        await StockInAsync(box, depot, 100m);
        var myOrder = await ValidatedOrderAsync(admin, myCustomer, (box, "5"));
        var theirOrder = await ValidatedOrderAsync(admin, theirCustomer, (box, "5"));
        var myShipment = await CreateShipmentAsync(admin, myOrder, ((await OrderAsync(myOrder)).Lines.Single().Id, "5", depot));
        var theirShipment = await CreateShipmentAsync(admin, theirOrder, ((await OrderAsync(theirOrder)).Lines.Single().Id, "5", depot));

        using (var drafter = await SignedInClient.AsAsync(app, "shipdrafter", "shipdrafter-pass-1"))
        {
            var card = await drafter.Http.GetStringAsync($"/Sales/Shipments/{myShipment}");
            card.ShouldNotContain($"/Sales/Shipments/{myShipment}/validate");
            (await drafter.PostFormAsync($"/Sales/Shipments/{myShipment}", $"/Sales/Shipments/{myShipment}/validate", new())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await ShipmentAsync(myShipment)).Status.ShouldBe(ShipmentStatus.Draft);
            (await drafter.Http.GetStringAsync($"/Sales/Orders/{myOrder}")).ShouldContain("Create shipment");
        }

        using var rep = await SignedInClient.AsAsync(app, "shiprepa", "shiprepa-pass-1");
        (await rep.Http.GetAsync($"/Sales/Shipments/{myShipment}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await rep.Http.GetAsync($"/Sales/Shipments/{theirShipment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.Http.GetAsync($"/Sales/Shipments/{theirShipment}/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.Http.GetAsync($"/Records/sales.shipment/{theirShipment}/links")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.Http.GetAsync($"/Sales/Shipments/new?order={theirOrder}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostFormAsync($"/Sales/Shipments/{myShipment}", $"/Sales/Shipments/{theirShipment}/validate", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await rep.Http.GetStringAsync("/Sales/Shipments");
        list.ShouldContain("Quebec Mine");
        list.ShouldNotContain("Romeo Theirs");
        (await ShipmentAsync(theirShipment)).Status.ShouldBe(ShipmentStatus.Draft);
    }

    [Fact]
    public async Task Validation_writes_the_delivery_note_through_the_outbox_with_quantities_and_no_prices()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Sierra Notes", null);
        var rug = await CreateProductAsync(admin, "SHP-RUG", "Wool rug", "123.45");
        var depot = await WarehouseAsync("SHW");
        await StockInAsync(rug, depot, 9m);
        var orderId = await ValidatedOrderAsync(admin, customer, (rug, "7"));
        var id = await CreateShipmentAsync(admin, orderId, ((await OrderAsync(orderId)).Lines.Single().Id, "7", depot));
        await PostAsync(admin, $"/Sales/Shipments/{id}", "validate");
        var number = (await ShipmentAsync(id)).Number!;

        var documents = "";
        for (var attempt = 0; attempt < 50 && !documents.Contains($"{number}.pdf", StringComparison.Ordinal); attempt++)
        {
            while (await app.Services.GetRequiredService<OutboxProcessor>().RunOnceAsync() > 0)
            {
            }

            documents = await admin.Http.GetStringAsync($"/Records/sales.shipment/{id}/documents");
            if (!documents.Contains($"{number}.pdf", StringComparison.Ordinal))
            {
                await Task.Delay(200);
            }
        }

        documents.ShouldContain($"{number}.pdf");
        (await admin.Http.GetStringAsync($"/Records/sales.order/{orderId}/documents")).ShouldContain($"{number}.pdf");
        var pdf = await admin.Http.GetAsync($"/Sales/Shipments/{id}/pdf");
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "sales-delivery-note.pdf"), bytes);
        var text = string.Join(" ", UglyToad.PdfPig.PdfDocument.Open(bytes).GetPages().Select(p => p.Text));
        text.ShouldContain("Delivery note");
        text.ShouldContain(number);
        text.ShouldContain("Wool rug");
        text.ShouldContain("Sierra Notes");
        text.ShouldContain((await OrderAsync(orderId)).Number!);
        text.ShouldNotContain("123.45");
        text.ShouldNotContain("Total");
        await WithDbAsync(async db => (await db.Set<StoredFile>().CountAsync(f => f.OwnerType == "sales.shipment" && f.OwnerId == id)).ShouldBe(1));
    }

    [Fact]
    public async Task The_sales_home_counts_proposals_to_sign_and_orders_to_ship_with_their_amounts()
    {
        using var admin = await SignedInClient.AdminAsync(app);
        var customer = await CreateThirdPartyAsync(admin, "Tango Home", null);
        var pen = await CreateProductAsync(admin, "SHP-PEN", "Pen", "2.50");
        var before = await HomeTileAsync(admin, "orders-to-ship");
        await ValidatedOrderAsync(admin, customer, (pen, "4"));
        var after = await HomeTileAsync(admin, "orders-to-ship");
        after.ShouldBe(before + 1);
        var home = WebUtility.HtmlDecode(await admin.Http.GetStringAsync("/Sales"));
        home.ShouldContain("Proposals to sign");
        home.ShouldContain("Shipments to validate");
    }

    private static async Task<int> HomeTileAsync(SignedInClient client, string key)
    {
        var html = await client.Http.GetStringAsync("/Sales");
        var match = System.Text.RegularExpressions.Regex.Match(html, $"data-tile=\"{key}\">\\s*<div[^>]*>[^<]*</div>\\s*<div[^>]*data-count>(\\d+)<");
        match.Success.ShouldBeTrue(html);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    // ----- helpers -----

    private static Dictionary<string, string> ProductLine(long product, string quantity) =>
        new() { ["Kind"] = "Product", ["ProductId"] = product.ToString(), ["Quantity"] = quantity };

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> PostAsync(SignedInClient client, string card, string action, Dictionary<string, string>? fields = null)
    {
        var response = await client.PostFormAsync(card, $"{card}/{action}", fields ?? []);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response;
    }

    private static async Task<string> FollowAsync(SignedInClient client, HttpResponseMessage redirect) =>
        WebUtility.HtmlDecode(await client.Http.GetStringAsync(redirect.Headers.Location!.ToString()));

    private static async Task<long> CreateDocumentAsync(SignedInClient client, string list, long thirdParty, Dictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string> { ["ThirdPartyId"] = thirdParty.ToString(), ["Date"] = Today() };
        foreach (var (k, v) in extra ?? [])
        {
            fields[k] = v;
        }

        var response = await client.PostFormAsync($"{list}/new", $"{list}/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> ValidatedOrderAsync(SignedInClient client, long customer, params (long Product, string Quantity)[] lines)
    {
        var id = await CreateDocumentAsync(client, "/Sales/Orders", customer);
        foreach (var (product, quantity) in lines)
        {
            await PostAsync(client, $"/Sales/Orders/{id}", "lines", ProductLine(product, quantity));
        }

        await PostAsync(client, $"/Sales/Orders/{id}", "validate");
        return id;
    }

    private static Task<HttpResponseMessage> PostShipmentAsync(SignedInClient client, long orderId, params (long Line, string Quantity, long Warehouse)[] lines)
    {
        var fields = new Dictionary<string, string> { ["Date"] = Today(), ["Carrier"] = "Parcel Co" };
        for (var i = 0; i < lines.Length; i++)
        {
            fields[$"Lines[{i}].OrderLineId"] = lines[i].Line.ToString();
            fields[$"Lines[{i}].Quantity"] = lines[i].Quantity;
            fields[$"Lines[{i}].WarehouseId"] = lines[i].Warehouse.ToString();
        }

        return client.PostFormAsync($"/Sales/Orders/{orderId}", $"/Sales/Shipments/new?order={orderId}", fields);
    }

    private static async Task<long> CreateShipmentAsync(SignedInClient client, long orderId, params (long Line, string Quantity, long Warehouse)[] lines)
    {
        var response = await PostShipmentAsync(client, orderId, lines);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task SaveAutomationsAsync(SignedInClient client, params string[] enabled)
    {
        var fields = enabled.Select(e => new KeyValuePair<string, string>("enabled", e)).ToList();
        var page = await client.Http.GetStringAsync("/Sales/Automations");
        var response = await client.PostWithTokenAsync("/Sales/Automations", fields, SignedInClient.TokenIn(page));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private static async Task<long> CreateThirdPartyAsync(SignedInClient client, string name, long? representative)
    {
        var fields = new Dictionary<string, string> { ["Name"] = name, ["IsCustomer"] = "true", ["CountryCode"] = "FR", ["CreateAnyway"] = "true" };
        if (representative is { } rep)
        {
            fields["SalesRepresentativeIds"] = rep.ToString();
        }

        var response = await client.PostFormAsync("/Crm/ThirdParties/new", "/Crm/ThirdParties/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static async Task<long> CreateProductAsync(SignedInClient client, string reference, string label, string price, bool service = false)
    {
        var fields = new Dictionary<string, string>
        {
            ["Reference"] = reference, ["Label"] = label, ["Type"] = service ? "Service" : "Product", ["Price"] = price, ["PriceBase"] = "ExclTax", ["VatRate"] = "20",
            ["OnSale"] = "true", ["OnPurchase"] = "true", ["StockManaged"] = service ? "false" : "true",
        };
        var response = await client.PostFormAsync("/Products/Products/new", "/Products/Products/new", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task<long> WarehouseAsync(string reference, WarehouseStatus status = WarehouseStatus.Open)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var warehouse = new Warehouse(reference, "Depot " + reference);
        warehouse.ChangeStatus(status);
        db.Add(warehouse);
        await db.SaveChangesAsync();
        return warehouse.Id;
    }

    private async Task StockInAsync(long product, long warehouse, decimal quantity)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync(
            [new StockMove(product, warehouse, quantity, StockMovementKind.In, "Opening stock") { UnitPrice = 10m }]);
    }

    private async Task SetStockSettingsAsync(StockDecreaseTrigger trigger, long? defaultWarehouse)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = await db.Set<StockSettings>().OrderBy(s => s.Id).FirstOrDefaultAsync();
        if (settings is null)
        {
            settings = new StockSettings();
            db.Add(settings);
        }

        settings.DecreaseOn = trigger;
        foreach (var w in await db.Set<Warehouse>().Where(w => w.IsDefault).ToListAsync())
        {
            w.LoseDefault();
        }

        if (defaultWarehouse is { } d)
        {
            (await db.Set<Warehouse>().SingleAsync(w => w.Id == d)).MakeDefault();
        }

        await db.SaveChangesAsync();
    }

    private Task<List<long>> InvoicesOfAsync(long orderId) =>
        WithDbAsync(db => db.Set<RecordLink>().Where(l => l.SourceType == "sales.order" && l.SourceId == orderId && l.TargetType == "sales.invoice").Select(l => l.TargetId).ToListAsync());

    private Task<decimal> LevelAsync(long product, long warehouse) =>
        WithDbAsync(db => db.Set<StockLevel>().Where(l => l.ProductId == product && l.WarehouseId == warehouse).Select(l => l.Quantity).FirstOrDefaultAsync());

    private Task<long> CounterAsync() =>
        WithDbAsync(db => db.Database.SqlQueryRaw<long>("SELECT coalesce(sum(value), 0)::bigint AS \"Value\" FROM platform.numbering_counters").SingleAsync());

    private Task<List<string>> InvariantBreachesAsync() => Stock.StockTestData.InvariantBreachesAsync(app);

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private async Task WithDbAsync(Func<AppDbContext, Task> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<SalesOrder> OrderAsync(long id) => WithDbAsync(db => db.Set<SalesOrder>().AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == id));

    private Task<Shipment> ShipmentAsync(long id) => WithDbAsync(db => db.Set<Shipment>().AsNoTracking().Include(s => s.Lines).SingleAsync(s => s.Id == id));

    private async Task<long> NewUserAsync(string login, string[] rights)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var id = await admin.CreateUserAsync(new UserForm { UserName = login, FullName = login, Password = login + "-pass-1" });
        await admin.SetUserPermissionsAsync(id, rights);
        return id;
    }
}
