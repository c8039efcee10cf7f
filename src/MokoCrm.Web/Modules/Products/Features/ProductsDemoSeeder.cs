using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Products.Features;

/// <summary>A small catalogue of a furniture workshop that also sells its time.</summary>
internal sealed class ProductsDemoSeeder : IDemoDataSeeder
{
    public int Order => 200;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        // Demo data runs on an empty database; the guard only keeps a second run from failing on the references.
        if (await db.Set<Product>().AnyAsync(p => p.Reference == "CHAIR-OAK", cancellationToken))
        {
            return;
        }

        (string Ref, string Label, ProductType Type, decimal Price, decimal Vat, string? Unit, decimal? Weight, decimal? Hours, string? Barcode)[] items =
        [
            ("CHAIR-OAK", "Oak chair", ProductType.Product, 89m, 20m, "pc", 6.5m, null, "3760000000017"),
            ("CHAIR-BEECH", "Beech chair", ProductType.Product, 69m, 20m, "pc", 5.8m, null, "3760000000024"),
            ("TABLE-OAK-180", "Oak table 180 cm", ProductType.Product, 649m, 20m, "pc", 48m, null, "3760000000031"),
            ("TABLE-OAK-240", "Oak table 240 cm", ProductType.Product, 849m, 20m, "pc", 62m, null, null),
            ("BENCH-OAK", "Oak bench", ProductType.Product, 249m, 20m, "pc", 18m, null, null),
            ("SHELF-PINE", "Pine shelf unit", ProductType.Product, 129.9m, 20m, "pc", 21m, null, null),
            ("OIL-LINSEED-1L", "Linseed oil 1 l", ProductType.Product, 14.5m, 20m, "l", 0.95m, null, "3760000000048"),
            ("WAX-BEE-500", "Beeswax polish 500 ml", ProductType.Product, 11.9m, 20m, "pc", 0.55m, null, null),
            ("PLANK-OAK-2M", "Oak plank 2 m", ProductType.Product, 38m, 20m, "pc", 9m, null, null),
            ("SCREW-BOX-200", "Wood screws, box of 200", ProductType.Product, 7.2m, 20m, "box", 0.8m, null, null),
            ("BOOK-WOODWORK", "Woodworking handbook", ProductType.Product, 29m, 5.5m, "pc", 0.9m, null, "9782000000019"),
            ("SRV-DELIVERY", "Delivery and assembly", ProductType.Service, 75m, 20m, "h", null, 1m, null),
            ("SRV-RESTORE", "Furniture restoration (hour)", ProductType.Service, 55m, 20m, "h", null, 1m, null),
            ("SRV-DESIGN", "Custom design study", ProductType.Service, 450m, 20m, "day", null, 7m, null),
            ("SRV-WORKSHOP", "Woodworking workshop (half day)", ProductType.Service, 120m, 10m, "pc", null, 3.5m, null),
        ];

        foreach (var item in items)
        {
            var product = new Product(item.Ref, item.Label, item.Type) { Unit = item.Unit, Weight = item.Weight, Barcode = item.Barcode };
            product.SetPrice(item.Price, PriceBase.ExclTax, item.Vat, item.Type == ProductType.Product ? Math.Round(item.Price * 0.8m, 2) : null);
            // The workshop's own estimate of what a piece costs it, so the Prices tab shows a margin on the demo.
            product.SetCostPrice(item.Type == ProductType.Product ? Math.Round(item.Price * 0.55m, 2) : null);
            product.SetStockManaged(item.Type == ProductType.Product);
            product.SetStockAlertLevel(item.Ref switch { "CHAIR-OAK" => 12m, "OIL-LINSEED-1L" => 30m, "TABLE-OAK-240" => 2m, _ => null });
            product.SetDuration(item.Hours);
            product.OnPurchase = item.Type == ProductType.Product;
            db.Add(product);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
