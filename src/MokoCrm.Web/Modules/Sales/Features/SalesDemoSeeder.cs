using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>Two proposals (a draft and a signed one) and the order made from the signed one, on the CRM's demo customers, through the real use cases.</summary>
internal sealed class SalesDemoSeeder : IDemoDataSeeder
{
    public int Order => 300;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var describers = services.GetServices<IRecordDescriber>().ToList();
        var thirdParties = describers.Single(d => d.RecordType == CrmRecordTypes.ThirdParty);
        var products = describers.FirstOrDefault(d => d.RecordType == "products.product");
        var proposals = services.GetRequiredService<ProposalAdministration>();
        var orders = services.GetRequiredService<OrderAdministration>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        async Task<long?> Party(string name) => (await thirdParties.SearchAsync(name, 1, cancellationToken)).FirstOrDefault()?.Id;
        async Task<LineForm> Product(string reference, decimal quantity, string fallback, decimal price)
        {
            var product = products is null ? null : (await products.SearchAsync(reference, 1, cancellationToken)).FirstOrDefault();
            return product is null
                ? new LineForm { Kind = LineKind.Free, Description = fallback, Quantity = quantity, UnitPrice = price, VatRate = 20m }
                : new LineForm { Kind = LineKind.Product, ProductId = product.Id, Quantity = quantity };
        }

        if (await Party("Hotel Belle Vue") is { } hotel)
        {
            var id = await proposals.CreateAsync(new ProposalForm { ThirdPartyId = hotel, Date = today.AddDays(-10), PublicNote = "Delivery within 3 weeks of the signature." }, cancellationToken);
            await proposals.AddLineAsync(id, new LineForm { Kind = LineKind.Title, Description = "Restaurant furniture" }, cancellationToken);
            await proposals.AddLineAsync(id, await Product("TABLE-OAK-180", 4, "Oak table 180 cm", 649m), cancellationToken);
            await proposals.AddLineAsync(id, await Product("CHAIR-OAK", 24, "Oak chair", 89m), cancellationToken);
            await proposals.AddLineAsync(id, new LineForm { Kind = LineKind.Subtotal }, cancellationToken);
            await proposals.AddLineAsync(id, new LineForm { Kind = LineKind.Free, Description = "Delivery and assembly", Quantity = 1, UnitPrice = 350m, VatRate = 20m }, cancellationToken);
            await proposals.ValidateAsync(id, cancellationToken);
            await proposals.SignAsync(id, "Signed by the manager", cancellationToken);
            var order = await orders.CreateFromProposalAsync(id, cancellationToken);
            await orders.ValidateAsync(order, cancellationToken);
        }

        if (await Party("Café des Arts") is { } cafe)
        {
            var id = await proposals.CreateAsync(new ProposalForm { ThirdPartyId = cafe, Date = today, ValidityDays = 15 }, cancellationToken);
            await proposals.AddLineAsync(id, await Product("BENCH-OAK", 6, "Oak bench", 249m), cancellationToken);
            await proposals.AddLineAsync(id, new LineForm { Kind = LineKind.Free, Description = "Terrace set-up", Quantity = 2, UnitPrice = 120m, DiscountPercent = 10m, VatRate = 10m }, cancellationToken);
        }
    }
}
