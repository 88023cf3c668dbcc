"""Invented names for synthetic demo records. None of these is a real person."""

SURNAMES = [
    "Abara", "Bellweather", "Castellan", "Dunmore", "Ekwueme", "Farrowby", "Galindo", "Hollins", "Ibsen",
    "Juniper", "Kovalenko", "Larkspur", "Mbeki", "Nakashima", "Okonkwo", "Pellegrino", "Quillan", "Rosales",
    "Sandoval", "Thistlewood", "Umberto", "Valdivia", "Whitacre", "Xiong", "Yardley", "Zapata", "Ashgrove",
    "Brambleton", "Corrigan", "Delacroix", "Estrada", "Fenwick", "Goldberry", "Haverford", "Ingleby",
    "Jablonski", "Kettering", "Lindqvist", "Marchetti", "Northcott", "Oyelaran", "Pemberton", "Ravensworth",
]

GIVEN_NAMES = [
    "Ada", "Bea", "Cal", "Dara", "Eli", "Fen", "Gia", "Hal", "Ines", "Jo", "Kit", "Lia", "Mo", "Nia", "Oli",
    "Pia", "Quin", "Ren", "Sol", "Tam", "Uma", "Vic", "Wren", "Yael", "Zoe", "Ari", "Bo", "Cleo", "Dex", "Eve",
]
