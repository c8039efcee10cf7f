using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Stock;

/// <summary>Manufacturing orders: editing a draft, their automatic agenda events, the produce right on its own.</summary>
public sealed partial class ManufacturingOrderTests
{
    [Fact]
    public async Task A_draft_is_edited_in_place_quantity_warehouses_date_and_label_with_clear_messages_and_a_validated_order_no_longer()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var (_, _, _, parts, finished, bom) = await WorkshopAsync("EDITMO");
        var other = await WarehouseAsync(app, "EDITMO-OTHER");
        var closed = await WarehouseAsync(app, "EDITMO-CLOSED", WarehouseStatus.Closed);
        var id = await CreateAsync(client, bom, "4", parts, finished);
        var edit = $"/Stock/ManufacturingOrders/{id}/edit";
        var form = await client.Http.GetStringAsync(edit);
        form.ShouldContain($"Edit (PROV{id})");
        form.ShouldContain("value=\"4\"");
        (await client.Http.GetStringAsync($"/Stock/ManufacturingOrders/{id}")).ShouldContain($"href=\"{edit}\"");

        foreach (var (fields, message) in new (Dictionary<string, string>, string)[]
                 {
                     (Fields(null, "0", parts, finished), "Enter a quantity other than zero."),
                     (Fields(null, "-2", parts, finished), "The quantity to produce must be greater than zero."),
                     (Fields(null, "two", parts, finished), "The quantity must be a number, for example 5 or 2.5."),
                     (Fields(null, "2", null, finished), "Choose the warehouse the components are taken from."),
                     (Fields(null, "2", parts, null), "Choose the warehouse the product goes to."),
                     (Fields(null, "2", parts, closed), "The warehouse EDITMO-CLOSED is closed: no stock moves in or out of it."),
                 })
        {
            var response = await client.PostFormAsync(edit, edit, fields);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).ShouldContain(message);
        }

        var lineIds = await LineIdsAsync(id);
        var saved = Fields(null, "2", other, parts);
        saved["Date"] = "2026-12-21";
        saved["Label"] = "Two tables for the hall";
        (await client.PostFormAsync(edit, edit, saved)).Headers.Location!.ToString().ShouldBe($"/Stock/ManufacturingOrders/{id}");
        (await FlashOnAsync(client, $"/Stock/ManufacturingOrders/{id}")).ShouldBe("Manufacturing order saved.");

        // 2 tables: 2 tops and 2 × 4 × 1.25 = 10 legs, on the same lines (changed in place, not re-created).
        var card = await client.Http.GetStringAsync($"/Stock/ManufacturingOrders/{id}");
        Row(card, "EDITMO-TOP").ShouldContain("data-field=\"planned\">2<");
        Row(card, "EDITMO-LEG").ShouldContain("data-field=\"planned\">10<");
        card.ShouldContain("data-field=\"quantity\">2<");
        card.ShouldContain("data-field=\"date\">2026-12-21<");
        card.ShouldContain("Two tables for the hall");
        (await LineIdsAsync(id)).ShouldBe(lineIds);
        var order = await WithDbAsync(app, db => db.Set<ManufacturingOrder>().AsNoTracking().SingleAsync(o => o.Id == id));
        (order.ConsumeWarehouseId, order.ProduceWarehouseId, order.Date, order.Status).ShouldBe((other, parts, new DateOnly(2026, 12, 21), ManufacturingOrderStatus.Draft));

        // A disabled bill no longer plans components: the quantity cannot change, the rest still can.
        await WithDbAsync(app, async db =>
        {
            (await db.Set<Bom>().SingleAsync(b => b.Id == bom)).Disable();
            return await db.SaveChangesAsync();
        });
        var refused = await client.PostFormAsync(edit, edit, Fields(null, "3", other, parts));
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync())
            .ShouldContain($"The bill of materials Table EDITMO is disabled: the quantity of (PROV{id}) can no longer change (the date, warehouses and label can).");
        (await client.PostFormAsync(edit, edit, Fields(null, "2", parts, finished))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await WithDbAsync(app, async db =>
        {
            (await db.Set<Bom>().SingleAsync(b => b.Id == bom)).Enable();
            return await db.SaveChangesAsync();
        });

        var number = NumberPattern().Match(await ActAsync(client, id, "validate")).Value;
        var locked = await client.GetAsync(edit);
        locked.Headers.Location!.ToString().ShouldBe($"/Stock/ManufacturingOrders/{id}");
        (await FlashOnAsync(client, $"/Stock/ManufacturingOrders/{id}")).ShouldBe($"The manufacturing order {number} is validated: only a draft can be changed.");
        var late = await client.PostFormAsync($"/Stock/ManufacturingOrders/{id}", edit, Fields(null, "5", parts, finished));
        WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()).ShouldContain($"The manufacturing order {number} is validated: only a draft can be changed.");
        (await WithDbAsync(app, db => db.Set<ManufacturingOrder>().Where(o => o.Id == id).Select(o => o.Quantity).SingleAsync())).ShouldBe(2m);
        (await client.Http.GetStringAsync($"/Stock/ManufacturingOrders/{id}")).ShouldNotContain($"href=\"{edit}\"");
    }

    [Fact]
    public async Task Validating_producing_closing_and_cancelling_write_automatic_events_on_the_orders_events_tab()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var (_, top, leg, parts, finished, bom) = await WorkshopAsync("EVTMO");
        await InAsync(top, parts, 10, 50m);
        await InAsync(leg, parts, 40, 5m);
        var id = await CreateAsync(client, bom, "3", parts, finished);
        var number = NumberPattern().Match(await ActAsync(client, id, "validate")).Value;
        (await ActAsync(client, id, "produce", new() { ["quantity"] = "1" })).ShouldStartWith("Produced 1:");
        (await ActAsync(client, id, "close")).ShouldBe("Manufacturing order closed: the rest will not be produced.");
        var cancelled = await CreateAsync(client, bom, "1", parts, finished);
        var cancelledNumber = NumberPattern().Match(await ActAsync(client, cancelled, "validate")).Value;
        (await ActAsync(client, cancelled, "cancel")).ShouldBe("Manufacturing order cancelled.");

        var events = await WithDbAsync(app, db => db.Set<AgendaEvent>().AsNoTracking()
            .Where(e => e.LinkedRecordType == StockRecordTypes.ManufacturingOrder && (e.LinkedRecordId == id || e.LinkedRecordId == cancelled))
            .OrderBy(e => e.Id).Select(e => new { e.Title, e.Notes, e.Type, e.Progress, e.LinkedRecordId }).ToListAsync());
        events.Select(e => (e.LinkedRecordId, e.Title, e.Notes)).ShouldBe(
        [
            (id, $"Manufacturing order {number} validated", "3 to produce: Table EVTMO"),
            (id, $"Manufacturing order {number}: 1 produced", "1 of 3 produced so far"),
            (id, $"Manufacturing order {number} closed", "Stopped at 1 of 3: the rest will not be produced"),
            (cancelled, $"Manufacturing order {cancelledNumber} validated", "1 to produce: Table EVTMO"),
            (cancelled, $"Manufacturing order {cancelledNumber} cancelled", null),
        ]);
        events.ShouldAllBe(e => e.Type == AgendaEventType.Automatic && e.Progress == EventProgress.Done);

        // The card's Events tab (added by the agenda to every record) counts and lists them.
        var tab = $"/Agenda/Events?record=stock.manufacturingorder%3A{id}";
        (await client.Http.GetStringAsync($"/Stock/ManufacturingOrders/{id}")).ShouldContain(tab);
        var listed = WebUtility.HtmlDecode(await client.Http.GetStringAsync(tab));
        listed.ShouldContain($"Manufacturing order {number} validated");
        listed.ShouldContain($"Manufacturing order {number}: 1 produced");
        listed.ShouldContain($"Manufacturing order {number} closed");
        listed.ShouldNotContain($"Manufacturing order {cancelledNumber} cancelled");
        (await client.Http.GetStringAsync("/Agenda/AutomaticEvents")).ShouldContain("Manufacturing order production recorded");
    }

    [Fact]
    public async Task Producing_needs_the_produce_right_itself_reading_and_writing_orders_is_not_enough()
    {
        long user;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            user = await users.CreateUserAsync(new UserForm { UserName = "moplanner", FullName = "MO Planner", Password = "moplanner-pass-1" });
            await users.SetUserPermissionsAsync(user, [StockPermissions.Manufacturing.Read, StockPermissions.Manufacturing.Write, StockPermissions.Stock.Read]);
        }

        var (table, top, leg, parts, finished, bom) = await WorkshopAsync("RIGHTMO");
        await InAsync(top, parts, 10, 50m);
        await InAsync(leg, parts, 40, 5m);
        using var planner = await SignedInClient.AsAsync(app, "moplanner", "moplanner-pass-1");
        var id = await CreateAsync(planner, bom, "2", parts, finished);
        NumberPattern().Match(await ActAsync(planner, id, "validate")).Value.ShouldNotBeEmpty();

        var card = $"/Stock/ManufacturingOrders/{id}";
        (await planner.Http.GetStringAsync(card)).ShouldNotContain($"{card}/produce");
        (await planner.PostFormAsync(card, $"{card}/produce", new() { ["quantity"] = "1" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await MovementCountAsync(app, table)).ShouldBe(0);
        (await StatusAsync(id)).ShouldBe(ManufacturingOrderStatus.Validated);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetUserPermissionsAsync(user,
                [StockPermissions.Manufacturing.Read, StockPermissions.Manufacturing.Write, StockPermissions.Manufacturing.Produce, StockPermissions.Stock.Read]);
        }

        (await planner.Http.GetStringAsync(card)).ShouldContain($"{card}/produce");
        (await ActAsync(planner, id, "produce", new() { ["quantity"] = "1" })).ShouldBe("Produced 1: components consumed, product in stock at 75.00 per unit.");
        (await LevelAsync(app, table, finished)).ShouldBe(1m);
        (await StatusAsync(id)).ShouldBe(ManufacturingOrderStatus.InProgress);
    }

    [Fact]
    public async Task Validation_writes_the_order_sheet_through_the_outbox_and_the_card_writes_it_again_with_what_was_consumed()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var (_, top, leg, parts, finished, bom) = await WorkshopAsync("PDFMO");
        await InAsync(top, parts, 10, 50m);
        await InAsync(leg, parts, 40, 5m);
        var id = await CreateAsync(client, bom, "4", parts, finished);

        // A draft's sheet is drawn, not kept.
        var draft = await client.GetAsync($"/Stock/ManufacturingOrders/{id}/pdf");
        draft.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        PdfText(await draft.Content.ReadAsByteArrayAsync()).ShouldContain($"(PROV{id})");
        (await StoredSheetsAsync(id)).ShouldBe(0);

        var number = NumberPattern().Match(await ActAsync(client, id, "validate")).Value;
        var documents = "";
        for (var attempt = 0; attempt < 50 && !documents.Contains($"{number}.pdf", StringComparison.Ordinal); attempt++)
        {
            while (await app.Services.GetRequiredService<OutboxProcessor>().RunOnceAsync() > 0)
            {
            }

            documents = await client.Http.GetStringAsync($"/Records/stock.manufacturingorder/{id}/documents");
            if (!documents.Contains($"{number}.pdf", StringComparison.Ordinal))
            {
                await Task.Delay(200);
            }
        }

        documents.ShouldContain($"{number}.pdf");
        (await StoredSheetsAsync(id)).ShouldBe(1);
        (await ActAsync(client, id, "produce", new() { ["quantity"] = "1" })).ShouldStartWith("Produced 1:");

        var pdf = await client.GetAsync($"/Stock/ManufacturingOrders/{id}/pdf");
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "manufacturing-order.pdf"), bytes);
        var text = PdfText(bytes);
        text.ShouldContain("Manufacturing order");
        text.ShouldContain(number);
        text.ShouldContain("Product to make");
        text.ShouldContain("PDFMO-TABLE");
        text.ShouldContain("To produce: 4");
        text.ShouldContain("Produced: 1");
        text.ShouldContain("PDFMO-PARTS");
        text.ShouldContain("The product goes to PDFMO-DONE");
        text.ShouldContain("Needed");
        text.ShouldContain("Consumed");
        // Components: 4 tops needed, 1 consumed; 20 legs needed (4 × 4 × 1.25), 5 consumed.
        text.ShouldContain("PDFMO-TOP - Item PDFMO-TOP 4 1");
        text.ShouldContain("PDFMO-LEG - Item PDFMO-LEG 20 5");
        text.ShouldNotContain("Total");
        (await StoredSheetsAsync(id)).ShouldBe(1);
    }

    private static string PdfText(byte[] bytes)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    private Task<int> StoredSheetsAsync(long id) =>
        WithDbAsync(app, db => db.Set<StoredFile>().CountAsync(f => f.OwnerType == StockRecordTypes.ManufacturingOrder && f.OwnerId == id));

    private Task<List<long>> LineIdsAsync(long id) =>
        WithDbAsync(app, db => db.Set<ManufacturingOrderLine>().Where(l => l.ManufacturingOrderId == id).OrderBy(l => l.Position).Select(l => l.Id).ToListAsync());
}
