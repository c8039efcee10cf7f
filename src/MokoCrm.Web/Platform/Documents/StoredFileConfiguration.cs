using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Documents;

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.ToTable("stored_files");
        builder.Ignore(f => f.DomainEvents);
        // ModelConventions names the HiLo sequence but (as of this commit) does not add it to the model, so migrations
        // would not create it; declaring it here with the same name and schema makes the migration create it.
        builder.Property(f => f.OwnerType).HasMaxLength(StoredFile.OwnerTypeMaxLength);
        builder.Property(f => f.FileName).HasMaxLength(StoredFile.FileNameMaxLength);
        builder.Property(f => f.ContentType).HasMaxLength(200);
        builder.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);

        // The Documents tab lists by owner; every query filters on these two columns.
        builder.HasIndex(f => new { f.OwnerType, f.OwnerId });

        // One generated file per name and owner: two workers regenerating the same PDF at once cannot leave two copies.
        builder.HasIndex(f => new { f.OwnerType, f.OwnerId, f.FileName })
            .IsUnique()
            .HasFilter("kind = 'Generated'")
            .HasDatabaseName("ux_stored_files_generated_name");

        builder.HasOne<StoredFileContent>().WithOne()
            .HasForeignKey<StoredFileContent>(c => c.StoredFileId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StoredFileContentConfiguration : IEntityTypeConfiguration<StoredFileContent>
{
    public void Configure(EntityTypeBuilder<StoredFileContent> builder)
    {
        builder.ToTable("stored_file_contents");
        builder.HasKey(c => c.StoredFileId);
        builder.Property(c => c.StoredFileId).ValueGeneratedNever();
        builder.Property(c => c.Bytes).HasColumnName("content");
    }
}
