using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Stock.Domain;

namespace MokoCrm.Web.Modules.Stock.Data;

internal sealed class BomConfiguration : IEntityTypeConfiguration<Bom>
{
    public void Configure(EntityTypeBuilder<Bom> builder)
    {
        builder.ToTable("boms");
        builder.Property(b => b.Label).HasMaxLength(Bom.LabelLength);
        builder.Property(b => b.Description).HasMaxLength(4000);
        builder.Property(b => b.Quantity).HasPrecision(18, 5);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(b => b.ProductId);
        builder.HasMany(b => b.Lines).WithOne().HasForeignKey(l => l.BomId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(b => b.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class BomLineConfiguration : IEntityTypeConfiguration<BomLine>
{
    public void Configure(EntityTypeBuilder<BomLine> builder)
    {
        builder.ToTable("bom_lines");
        builder.Property(l => l.Quantity).HasPrecision(18, 5);
        builder.Property(l => l.LossPercent).HasPrecision(5, 2);
        builder.HasIndex(l => new { l.BomId, l.ProductId }).IsUnique();

        // "Is this product used anywhere?" (a product on a bill cannot be deleted).
        builder.HasIndex(l => l.ProductId);
    }
}
