using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Products.Domain;

namespace MokoCrm.Web.Modules.Products.Data;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        // Trigram indexes keep the pickers' ILIKE searches fast on a large catalogue.
        builder.Metadata.Model.GetOrAddPostgresExtension(null, "pg_trgm", null);
        builder.ToTable("products");
        builder.Property(p => p.Reference).HasMaxLength(64);
        builder.Property(p => p.Label).HasMaxLength(255);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.PriceBase).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.SalePrice).HasPrecision(18, 5);
        builder.Property(p => p.SalePriceInclTax).HasPrecision(18, 5);
        builder.Property(p => p.MinSalePrice).HasPrecision(18, 5);
        builder.Property(p => p.CostPrice).HasPrecision(18, 5);
        builder.Property(p => p.VatRate).HasPrecision(6, 3);
        builder.Property(p => p.Weight).HasPrecision(18, 5);
        builder.Property(p => p.DurationHours).HasPrecision(18, 5);
        builder.Property(p => p.StockAlertLevel).HasPrecision(18, 5);
        builder.Property(p => p.Unit).HasMaxLength(20);
        builder.Property(p => p.Barcode).HasMaxLength(64);
        builder.Property(p => p.SaleAccount).HasMaxLength(32);
        builder.Property(p => p.PurchaseAccount).HasMaxLength(32);
        builder.HasIndex(p => p.Reference).IsUnique();
        builder.HasIndex(p => p.Barcode).IsUnique().HasFilter("barcode IS NOT NULL");
        builder.HasIndex(p => p.Reference, "ix_products_reference_trgm").HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_products_reference_trgm");
        builder.HasIndex(p => p.Label, "ix_products_label_trgm").HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_products_label_trgm");
    }
}
