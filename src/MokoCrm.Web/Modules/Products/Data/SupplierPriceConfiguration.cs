using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Products.Domain;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Products.Data;

internal sealed class SupplierPriceConfiguration : IEntityTypeConfiguration<SupplierPrice>
{
    public void Configure(EntityTypeBuilder<SupplierPrice> builder)
    {
        builder.ToTable("supplier_prices");
        builder.Property(p => p.SupplierReference).HasMaxLength(64);
        builder.Property(p => p.UnitPrice).HasPrecision(Amounts.Precision, Amounts.UnitPriceDecimals);
        builder.Property(p => p.MinimumQuantity).HasPrecision(Amounts.Precision, Amounts.QuantityDecimals);
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
        // One price per (product, supplier, minimum quantity): the quantity breaks of a supplier.
        builder.HasIndex(p => new { p.ProductId, p.SupplierId, p.MinimumQuantity }).IsUnique();
        builder.HasIndex(p => p.SupplierId);
    }
}
