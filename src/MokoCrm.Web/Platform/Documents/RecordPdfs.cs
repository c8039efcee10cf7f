namespace MokoCrm.Web.Platform.Documents;

/// <summary>A record's PDF as drawn now; <paramref name="Kept"/> when it was staged as the record's generated document.</summary>
public sealed record RecordPdfFile(string FileName, byte[] Pdf, bool Kept);

/// <summary>
/// The PDF of one record type, as its card's "PDF" button makes it: a validated document's is drawn again and kept
/// (staged in the store; the caller saves with <see cref="GeneratedFileSaving.SaveGeneratedFileAsync"/>), a draft's
/// is only drawn, since its number is provisional. Registered with <see cref="RecordPdfRegistration.AddRecordPdf{T}"/>.
/// </summary>
public interface IRecordPdf
{
    string RecordType { get; }

    /// <summary>Null when the record does not exist. The caller has checked that the user may see it.</summary>
    Task<RecordPdfFile?> PdfAsync(long id, CancellationToken cancellationToken = default);
}

/// <summary>A record type that has a PDF (known at start, before any request: the native API maps its generate endpoint).</summary>
public sealed record RecordPdfType(string RecordType);

/// <summary>The PDFs of every record type that has one: what the cards' PDF buttons and the native API's generate call.</summary>
public sealed class RecordPdfs(IEnumerable<IRecordPdf> sources)
{
    public bool Serves(string recordType) => sources.Any(s => s.RecordType == recordType);

    /// <summary>Null when the type has no PDF or the record does not exist.</summary>
    public async Task<RecordPdfFile?> PdfAsync(string recordType, long id, CancellationToken cancellationToken = default) =>
        sources.FirstOrDefault(s => s.RecordType == recordType) is { } source ? await source.PdfAsync(id, cancellationToken) : null;

    /// <summary>The rule of every document's PDF button: a draft's PDF is only drawn, any other is drawn and kept.</summary>
    /// <param name="isDraft">Null when the record does not exist.</param>
    public static async Task<RecordPdfFile?> DraftShownOtherKeptAsync(
        bool? isDraft,
        Func<Task<(string FileName, byte[] Pdf)?>> render,
        Func<Task<(string FileName, byte[] Pdf)?>> renderAndStore)
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(renderAndStore);
        if (isDraft is not { } draft)
        {
            return null;
        }

        var file = draft ? await render() : await renderAndStore();
        return file is { } f ? new RecordPdfFile(f.FileName, f.Pdf, !draft) : null;
    }
}

public static class RecordPdfRegistration
{
    public static IServiceCollection AddRecordPdf<T>(this IServiceCollection services, string recordType)
        where T : class, IRecordPdf
    {
        services.AddScoped<IRecordPdf, T>();
        services.AddSingleton(new RecordPdfType(recordType));
        return services;
    }
}
