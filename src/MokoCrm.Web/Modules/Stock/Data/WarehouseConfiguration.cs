using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Stock.Domain;

namespace MokoCrm.Web.Modules.Stock.Data;

internal sealed class WarehouseConfiguration : IEntityTypeConfiguration<Warehouse>
{
    public void Configure(EntityTypeBuilder<Warehouse> builder)
    {
        builder.ToTable("warehouses");
        builder.Property(w => w.Reference).HasMaxLength(64);
        builder.Property(w => w.Label).HasMaxLength(255);
        builder.Property(w => w.Description).HasMaxLength(4000);
        builder.Property(w => w.Address).HasMaxLength(500);
        builder.Property(w => w.PostalCode).HasMaxLength(20);
        builder.Property(w => w.Town).HasMaxLength(100);
        builder.Property(w => w.CountryCode).HasMaxLength(2);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(w => w.Reference).IsUnique();
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(w => w.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
