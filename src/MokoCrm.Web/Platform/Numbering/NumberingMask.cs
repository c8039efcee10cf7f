using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Numbering;

/// <summary>The mask of one numbered document type ("proposal" → "PR{yymm}-{nnnn}"), editable by an admin.</summary>
public sealed class NumberingMask : Entity, IAudited
{
    private NumberingMask()
    {
        DocumentType = string.Empty;
        Mask = string.Empty;
    }

    public NumberingMask(string documentType, string mask)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentType);
        DocumentType = documentType;
        Mask = NumberMask.Parse(mask).Text;
    }

    public string DocumentType { get; private set; }

    public string Mask { get; private set; }

    /// <summary>
    /// Applies to the next number taken. The counter is keyed by the prefix, so a new mask with the same prefix goes
    /// on counting; a new prefix counts on its own (and resumes if that prefix was used before).
    /// </summary>
    public void ChangeMask(string mask) => Mask = NumberMask.Parse(mask).Text;
}

/// <summary>The last number taken for one prefix in one fiscal year. Only <see cref="NumberingService"/> writes it, in SQL.</summary>
public sealed class NumberingCounter
{
    private NumberingCounter()
    {
        Prefix = string.Empty;
    }

    public string Prefix { get; private set; }

    public int FiscalYear { get; private set; }

    public long Value { get; private set; }
}

internal sealed class NumberingMaskConfiguration : IEntityTypeConfiguration<NumberingMask>
{
    public void Configure(EntityTypeBuilder<NumberingMask> builder)
    {
        builder.ToTable("numbering_masks");
        builder.Property(m => m.DocumentType).HasMaxLength(50);
        builder.Property(m => m.Mask).HasMaxLength(100);
        builder.HasIndex(m => m.DocumentType).IsUnique();
    }
}

internal sealed class NumberingCounterConfiguration : IEntityTypeConfiguration<NumberingCounter>
{
    public void Configure(EntityTypeBuilder<NumberingCounter> builder)
    {
        builder.ToTable("numbering_counters");
        builder.HasKey(c => new { c.Prefix, c.FiscalYear });
        builder.Property(c => c.Prefix).HasMaxLength(100);
    }
}
