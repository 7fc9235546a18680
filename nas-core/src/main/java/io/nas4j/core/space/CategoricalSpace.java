package io.nas4j.core.space;

import io.nas4j.core.genome.Genome;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A space whose genomes are a fixed-length vector of categorical decisions (cells, macro block choices).
 * It supplies the numbering, neighbourhood, crossover and one-hot encoding from the decisions alone;
 * subclasses map choice vectors to their genome type and back and decode networks.
 *
 * <p>Numbering is mixed radix with the first decision most significant, so {@code at(0)} takes option 0
 * everywhere and the last decision varies fastest.
 */
public abstract class CategoricalSpace<G extends Genome> implements SearchSpace<G> {

    private final List<Decision> decisions;
    private final BigInteger size;
    private final int encodingLength;

    protected CategoricalSpace(List<Decision> decisions) {
        this.decisions = List.copyOf(decisions);
        if (this.decisions.isEmpty()) {
            throw new IllegalArgumentException("a categorical space needs at least one decision");
        }
        BigInteger product = BigInteger.ONE;
        int length = 0;
        for (Decision decision : this.decisions) {
            product = product.multiply(BigInteger.valueOf(decision.arity()));
            length += decision.arity();
        }
        this.size = product;
        this.encodingLength = length;
    }

    @Override
    public final List<Decision> decisions() {
        return decisions;
    }

    @Override
    public final BigInteger size() {
        return size;
    }

    @Override
    public final G at(BigInteger index) {
        if (index.signum() < 0 || index.compareTo(size) >= 0) {
            throw new IndexOutOfBoundsException("index " + index + " outside [0, " + size + ")");
        }
        int[] choices = new int[decisions.size()];
        BigInteger rest = index;
        for (int i = decisions.size() - 1; i >= 0; i--) {
            BigInteger[] quotientAndRemainder = rest.divideAndRemainder(BigInteger.valueOf(decisions.get(i).arity()));
            choices[i] = quotientAndRemainder[1].intValueExact();
            rest = quotientAndRemainder[0];
        }
        return fromChoices(choices);
    }

    @Override
    public final BigInteger indexOf(G genome) {
        int[] choices = choices(genome);
        BigInteger index = BigInteger.ZERO;
        for (int i = 0; i < decisions.size(); i++) {
            index = index.multiply(BigInteger.valueOf(decisions.get(i).arity())).add(BigInteger.valueOf(choices[i]));
        }
        return index;
    }

    @Override
    public G sample(RandomGenerator random) {
        int[] choices = new int[decisions.size()];
        for (int i = 0; i < choices.length; i++) {
            choices[i] = random.nextInt(decisions.get(i).arity());
        }
        return fromChoices(choices);
    }

    /** Every genome that changes exactly one decision, decision by decision, options in order. */
    @Override
    public List<G> neighbours(G genome) {
        int[] choices = choices(genome);
        List<G> neighbours = new ArrayList<>();
        for (int i = 0; i < choices.length; i++) {
            for (int option = 0; option < decisions.get(i).arity(); option++) {
                if (option != choices[i]) {
                    int[] changed = choices.clone();
                    changed[i] = option;
                    neighbours.add(fromChoices(changed));
                }
            }
        }
        return neighbours;
    }

    /** Changes one decision, chosen uniformly, to another option chosen uniformly. */
    @Override
    public G mutate(G genome, RandomGenerator random) {
        int[] choices = choices(genome);
        int decision = random.nextInt(choices.length);
        int arity = decisions.get(decision).arity();
        if (arity == 1) {
            return genome;
        }
        int option = random.nextInt(arity - 1);
        choices[decision] = option >= choices[decision] ? option + 1 : option;
        return fromChoices(choices);
    }

    /** Single-point crossover: decisions before a random cut from the first parent, the rest from the second. */
    @Override
    public G crossover(G first, G second, RandomGenerator random) {
        int[] a = choices(first);
        int[] b = choices(second);
        if (a.length < 2) {
            return random.nextBoolean() ? first : second;
        }
        int cut = 1 + random.nextInt(a.length - 1);
        int[] child = Arrays.copyOf(a, a.length);
        System.arraycopy(b, cut, child, cut, b.length - cut);
        return fromChoices(child);
    }

    @Override
    public final int encodingLength() {
        return encodingLength;
    }

    /** One-hot of every decision, concatenated in decision order. */
    @Override
    public double[] encode(G genome) {
        int[] choices = choices(genome);
        double[] encoding = new double[encodingLength];
        int offset = 0;
        for (int i = 0; i < choices.length; i++) {
            encoding[offset + choices[i]] = 1;
            offset += decisions.get(i).arity();
        }
        return encoding;
    }

    /** Checks a choice vector against the decisions; for subclasses' {@code fromChoices}. */
    protected final void checkChoices(int[] choices) {
        if (choices.length != decisions.size()) {
            throw new IllegalArgumentException("expected " + decisions.size() + " choices, got " + choices.length);
        }
        for (int i = 0; i < choices.length; i++) {
            if (choices[i] < 0 || choices[i] >= decisions.get(i).arity()) {
                throw new IllegalArgumentException("choice " + choices[i] + " for " + decisions.get(i).name()
                        + " is outside [0, " + decisions.get(i).arity() + ")");
            }
        }
    }
}
