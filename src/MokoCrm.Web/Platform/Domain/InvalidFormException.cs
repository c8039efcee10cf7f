using FluentValidation;
using FluentValidation.Results;

namespace MokoCrm.Web.Platform.Domain;

/// <summary>
/// A handler checked its form with the form's validator, with what only it knows (the source's totals...), and the
/// form failed: the messages per field (the form's property names). A <see cref="DomainException"/>, so a screen
/// shows the messages as any refusal; the API answers 400 with the field errors.
/// </summary>
public sealed class InvalidFormException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(string.Join(" ", errors.SelectMany(e => e.Value).Distinct()))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>Runs <paramref name="validator"/> on <paramref name="context"/>; throws the failures by field.</summary>
    public static async Task EnsureValidAsync<T>(IValidator<T> validator, ValidationContext<T> context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var result = await validator.ValidateAsync(context, cancellationToken);
        if (!result.IsValid)
        {
            throw new InvalidFormException(ByField(result));
        }
    }

    private static Dictionary<string, string[]> ByField(ValidationResult result) =>
        result.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
}
